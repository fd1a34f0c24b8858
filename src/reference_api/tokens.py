"""Sanctum-style personal access tokens: ``<id>|<secret>``, only the secret's SHA-256 is stored.

Tokens are indexed in memory at start-up; the rate limiter and the auth dependency both resolve a
token without touching the database. The login dialect issues new ones while the app runs
(``issue``): each is stored and indexed under a lock, and never replaces another.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import threading
from dataclasses import dataclass
from typing import Any

from reference_api.db import Database


@dataclass(frozen=True)
class TokenRecord:
    id: int
    user_id: Any
    team_id: Any


SECRET_ALPHABET = string.ascii_letters + string.digits
SECRET_LENGTH = 40


class TokenIndex:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._lock = threading.Lock()
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

    def issue(self, user_id: Any, team_id: Any, name: str) -> str:
        """A fresh ``<id>|<40 random characters>`` bound to ``team_id``, usable from now on."""
        secret = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))
        digest = hashlib.sha256(secret.encode()).hexdigest()
        with self._lock:
            token_id = max(self._by_id, default=0) + 1
            self._db.execute(
                "INSERT INTO tokens (id, user_id, team_id, name, secret_sha256) VALUES (?, ?, ?, ?, ?)",
                (token_id, user_id, team_id, name, digest),
            )
            self._by_id[token_id] = (digest, TokenRecord(token_id, user_id, team_id))
        return f"{token_id}|{secret}"
