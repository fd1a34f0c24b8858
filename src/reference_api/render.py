"""Resource rows as the API renders them (and as events carry them).

Times are stored in UTC; an invoice's ``issued_at`` is rendered in its team's timezone with the
offset, the way a Laravel app with a per-team timezone would present it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from reference_api.context import AppContext


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def in_timezone(stamp: str, timezone: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(_zone(timezone)).isoformat(timespec="seconds")


def render_customer(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "team_id": row["team_id"],
        "name": row["name"],
        "email": row["email"],
        "notes": row["notes"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def render_invoice(ctx: AppContext, row: dict[str, Any]) -> dict[str, Any]:
    timezone = ctx.db.scalar("SELECT timezone FROM teams WHERE id = ?", (row["team_id"],)) or "UTC"
    body = {
        "id": row["id"],
        "team_id": row["team_id"],
        "customer_id": row["customer_id"],
        "amount": row["amount"],
        "currency": row["currency"],
        "description": row["description"],
        "due_date": row["due_date"],
        "status": row["status"],
        "issued_at": in_timezone(row["issued_at"], timezone),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }
    if ctx.defects.on("invoice_amount_decimal_string"):
        from reference_api.defects.contract import invoice_amount_decimal_string

        body = invoice_amount_decimal_string(body)
    return body


def render_member(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "team_id": row["team_id"],
        "user_id": row["user_id"],
        "name": row["name"],
        "email": row["email"],
        "role": row["role"],
    }
