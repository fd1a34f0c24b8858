"""Webhook endpoints and their delivery log, in the reference API's SQLite database."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from reference_api.db import Database

from .delivery import Attempt

_SCHEMA = """
CREATE TABLE IF NOT EXISTS webhooks (
    id {pk}, team_id {ref} NOT NULL REFERENCES teams(id), url TEXT NOT NULL,
    events TEXT NOT NULL,  -- JSON list of event names, or ["*"]
    secret TEXT NOT NULL, created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhooks_team ON webhooks (team_id);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id {pk}, team_id {ref} NOT NULL, webhook_id {ref} NOT NULL,
    delivery_id TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL, url TEXT NOT NULL,
    attempt INTEGER NOT NULL, status_code INTEGER, ok INTEGER NOT NULL, final INTEGER NOT NULL,
    duration_ms REAL NOT NULL, error TEXT, attempted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_hook ON webhook_deliveries (webhook_id);
CREATE TABLE IF NOT EXISTS inbound_events (
    team_id {ref} NOT NULL, event_id TEXT NOT NULL, received_at TEXT NOT NULL,
    PRIMARY KEY (team_id, event_id)
);
"""

WILDCARD = "*"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WebhookStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create_schema(self) -> None:
        pk = "INTEGER PRIMARY KEY AUTOINCREMENT" if self.db.ids == "int" else "TEXT PRIMARY KEY"
        ref = "INTEGER" if self.db.ids == "int" else "TEXT"
        self.db.executescript(_SCHEMA.format(pk=pk, ref=ref))

    # -- endpoints --------------------------------------------------------------------------
    def create(self, team_id: Any, url: str, events: list[str], secret: str) -> dict[str, Any]:
        values = {
            "team_id": team_id,
            "url": url,
            "events": json.dumps(events),
            "secret": secret,
            "created_at": now_iso(),
        }
        webhook_id = self.db.insert("webhooks", values)
        found = self.get(team_id, webhook_id)
        assert found is not None
        return found

    def get(self, team_id: Any, webhook_id: Any) -> dict[str, Any] | None:
        row = self.db.one("SELECT * FROM webhooks WHERE id = ? AND team_id = ?", (webhook_id, team_id))
        return _decode(row) if row else None

    def for_team(self, team_id: Any) -> list[dict[str, Any]]:
        rows = self.db.all("SELECT * FROM webhooks WHERE team_id = ? ORDER BY rowid", (team_id,))
        return [_decode(row) for row in rows]

    def delete(self, team_id: Any, webhook_id: Any) -> bool:
        return self.db.execute("DELETE FROM webhooks WHERE id = ? AND team_id = ?", (webhook_id, team_id)) > 0

    def subscribed(self, team_id: Any | None, event_type: str) -> list[dict[str, Any]]:
        """Endpoints whose filter matches the event; team_id None means every team's endpoints."""
        if team_id is None:
            rows = self.db.all("SELECT * FROM webhooks ORDER BY rowid")
        else:
            rows = self.db.all("SELECT * FROM webhooks WHERE team_id = ? ORDER BY rowid", (team_id,))
        hooks = [_decode(row) for row in rows]
        return [h for h in hooks if WILDCARD in h["events"] or event_type in h["events"]]

    # -- delivery log -----------------------------------------------------------------------
    def record(self, attempt: Attempt) -> None:
        self.db.insert(
            "webhook_deliveries",
            {
                "team_id": attempt.team_id,
                "webhook_id": attempt.webhook_id,
                "delivery_id": attempt.delivery_id,
                "event_id": attempt.event_id,
                "event_type": attempt.event_type,
                "url": attempt.url,
                "attempt": attempt.attempt,
                "status_code": attempt.status_code,
                "ok": int(attempt.ok),
                "final": int(attempt.final),
                "duration_ms": attempt.duration_ms,
                "error": attempt.error,
                "attempted_at": attempt.attempted_at,
            },
        )

    def deliveries(
        self, team_id: Any, webhook_id: Any, page: int, per_page: int
    ) -> tuple[list[dict[str, Any]], int]:
        where = "FROM webhook_deliveries WHERE team_id = ? AND webhook_id = ?"
        total = int(self.db.scalar(f"SELECT COUNT(*) {where}", (team_id, webhook_id)))
        rows = self.db.all(
            f"SELECT * {where} ORDER BY rowid DESC LIMIT ? OFFSET ?",
            (team_id, webhook_id, per_page, (page - 1) * per_page),
        )
        for row in rows:
            row["ok"], row["final"] = bool(row["ok"]), bool(row["final"])
        return rows, total

    # -- inbound replay protection ----------------------------------------------------------
    def remember_inbound(self, team_id: Any, event_id: str) -> bool:
        """Record an inbound event id; False when it was seen before (a replay)."""
        changed = self.db.execute(
            "INSERT OR IGNORE INTO inbound_events (team_id, event_id, received_at) VALUES (?, ?, ?)",
            (team_id, event_id, now_iso()),
        )
        return changed > 0


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "events": json.loads(row["events"])}


def public(hook: dict[str, Any], *, with_secret: bool = False) -> dict[str, Any]:
    """The API representation; the secret only in the creation response."""
    shown = {key: hook[key] for key in ("id", "team_id", "url", "events", "created_at")}
    if with_secret:
        shown["secret"] = hook["secret"]
    return shown
