"""Sanctum-style personal access tokens: ``<id>|<secret>``, only the secret's SHA-256 is stored.

Tokens never change while the app runs, so they are indexed in memory once at start-up; the rate
limiter and the auth dependency both resolve a token without touching the database.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from reference_api.db import Database


@dataclass(frozen=True)
class TokenRecord:
    id: int
    user_id: Any
    team_id: Any


class TokenIndex:
    def __init__(self, db: Database) -> None:
        self._by_id: dict[int, tuple[str, TokenRecord]] = {}
        for row in db.all("SELECT id, user_id, team_id, secret_sha256 FROM tokens"):
            self._by_id[row["id"]] = (
                row["secret_sha256"],
                TokenRecord(row["id"], row["user_id"], row["team_id"]),
            )

    def resolve(self, plain: str | None) -> TokenRecord | None:
        """The token a plain-text ``<id>|<secret>`` names, or None when it is unknown or wrong."""
        if not plain or "|" not in plain:
            return None
        token_id, secret = plain.split("|", 1)
        if not token_id.isascii() or not token_id.isdigit() or len(token_id) > 18:
            return None
        entry = self._by_id.get(int(token_id))
        if entry is None:
            return None
        digest = hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()
        return entry[1] if hmac.compare_digest(digest, entry[0]) else None
