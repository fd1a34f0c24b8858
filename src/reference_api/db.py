"""SQLite storage: one file database in WAL mode, one shared connection guarded by a lock.

Handlers are short, so serialising statements on one connection is faster than opening a
connection per request, and it is safe under concurrent requests from several test workers.
Public ids are integers or uuid4 strings (``--ids``); both live in the ``id`` column and rows
keep their insertion order through SQLite's implicit ``rowid``.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from reference_api.settings import IdDialect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS teams (
    id {pk}, name TEXT NOT NULL, slug TEXT NOT NULL UNIQUE,
    currency TEXT NOT NULL, timezone TEXT NOT NULL,
    payment_secret TEXT NOT NULL  -- inbound payment-provider signing secret (whsec_...)
);
CREATE TABLE IF NOT EXISTS users (
    id {pk}, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE,
    password_hash TEXT  -- passwords.py: salted hash, for POST /api/v1/login (the login dialect)
);
CREATE TABLE IF NOT EXISTS memberships (
    id {pk}, team_id {ref} NOT NULL REFERENCES teams(id), user_id {ref} NOT NULL REFERENCES users(id),
    role TEXT NOT NULL, UNIQUE (team_id, user_id)
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY, user_id {ref} NOT NULL REFERENCES users(id),
    team_id {ref} NOT NULL REFERENCES teams(id), name TEXT NOT NULL, secret_sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS customers (
    id {pk}, team_id {ref} NOT NULL REFERENCES teams(id), name TEXT NOT NULL, email TEXT NOT NULL,
    notes TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS customers_team ON customers (team_id);
CREATE TABLE IF NOT EXISTS invoices (
    id {pk}, team_id {ref} NOT NULL REFERENCES teams(id), customer_id {ref} NOT NULL REFERENCES customers(id),
    amount INTEGER NOT NULL, currency TEXT NOT NULL, description TEXT, due_date TEXT NOT NULL,
    status TEXT NOT NULL, issued_at TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS invoices_team ON invoices (team_id, status);
CREATE INDEX IF NOT EXISTS invoices_customer ON invoices (customer_id);
"""

# Largest id SQLite stores as an INTEGER; anything above is simply "not found".
MAX_INT_ID = 2**63 - 1


class Database:
    def __init__(self, path: str, ids: IdDialect) -> None:
        self.path = path
        self.ids = ids
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._seed_ids = random.Random(20261127)

    # -- schema -----------------------------------------------------------------------------
    def create_schema(self) -> None:
        pk = "INTEGER PRIMARY KEY AUTOINCREMENT" if self.ids == "int" else "TEXT PRIMARY KEY"
        ref = "INTEGER" if self.ids == "int" else "TEXT"
        self.executescript(_SCHEMA.format(pk=pk, ref=ref))

    def executescript(self, script: str) -> None:
        """Run DDL; other modules (webhooks, broadcasting) create their own tables with this."""
        with self._lock:
            self._conn.executescript(script)

    # -- ids --------------------------------------------------------------------------------
    def new_id(self, *, deterministic: bool = False) -> str | None:
        """The id to insert: None lets SQLite number the row; uuid mode draws a uuid4."""
        if self.ids == "int":
            return None
        if deterministic:  # seeding: the same uuids on every start
            return str(uuid.UUID(int=self._seed_ids.getrandbits(128), version=4))
        return str(uuid.uuid4())

    def parse_id(self, text: str) -> int | str | None:
        """A path or query id in this dialect, or None when it cannot name any row."""
        if self.ids == "int":
            if not text.isascii() or not text.isdigit():
                return None
            value = int(text)
            return value if 0 < value <= MAX_INT_ID else None
        try:
            return str(uuid.UUID(text)) if len(text) == 36 else None
        except ValueError:
            return None

    # -- statements -------------------------------------------------------------------------
    def one(self, sql: str, params: Iterable[Any] = ()) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn.execute(sql, tuple(params)).fetchone()
        return dict(row) if row is not None else None

    def all(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._conn.execute(sql, tuple(params)).fetchall()
        return [dict(row) for row in rows]

    def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        with self._lock:
            row = self._conn.execute(sql, tuple(params)).fetchone()
        return row[0] if row is not None else None

    def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Run a write; return the number of rows changed."""
        with self._lock:
            return self._conn.execute(sql, tuple(params)).rowcount

    def insert(self, table: str, values: Mapping[str, Any], *, deterministic: bool = False) -> Any:
        """Insert one row and return its public id."""
        row = dict(values)
        new_id = self.new_id(deterministic=deterministic)
        if new_id is not None:
            row["id"] = new_id
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._lock:
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            cursor = self._conn.execute(sql, tuple(row.values()))
            return new_id if new_id is not None else cursor.lastrowid

    def update(self, table: str, row_id: Any, values: Mapping[str, Any]) -> int:
        if not values:
            return 0
        assignments = ", ".join(f"{column} = ?" for column in values)
        with self._lock:
            cursor = self._conn.execute(
                f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id)
            )
            return cursor.rowcount

    def close(self) -> None:
        with self._lock:
            self._conn.close()
