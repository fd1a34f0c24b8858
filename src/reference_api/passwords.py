"""Users' passwords for the login dialect: only a salted hash is stored (demo strength, not bcrypt)."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def _digest(salt: str, password: str) -> str:
    return hashlib.sha256(f"{salt}:{password}".encode("utf-8", "surrogateescape")).hexdigest()


def hash_password(password: str) -> str:
    """``sha256$<salt>$<hex digest>`` of ``password`` with a fresh random salt."""
    salt = secrets.token_hex(8)
    return f"sha256${salt}${_digest(salt, password)}"


def password_matches(stored: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (False for a user without one)."""
    if not stored:
        return False
    _, salt, digest = stored.split("$", 2)
    return hmac.compare_digest(_digest(salt, password), digest)
