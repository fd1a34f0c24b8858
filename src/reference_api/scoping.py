"""Team scoping of single-row lookups: another team's object is 404, never 403, never the object."""

from __future__ import annotations

from typing import Any

from reference_api.context import AppContext
from reference_api.errors import not_found


def find_in_team(ctx: AppContext, table: str, model: str, raw_id: str, team_id: Any) -> dict[str, Any]:
    """The row ``raw_id`` of ``table`` if it belongs to ``team_id``; 404 otherwise."""
    row_id = ctx.db.parse_id(raw_id)
    row = None
    if row_id is not None:
        row = ctx.db.one(f"SELECT * FROM {table} WHERE id = ? AND team_id = ?", (row_id, team_id))
    if row is None:
        raise not_found(model)
    return row


def find_by_id_only(ctx: AppContext, table: str, model: str, raw_id: str) -> dict[str, Any]:
    """The row ``raw_id`` whatever its team: only for the scoping defects, which forget the team."""
    row_id = ctx.db.parse_id(raw_id)
    row = ctx.db.one(f"SELECT * FROM {table} WHERE id = ?", (row_id,)) if row_id is not None else None
    if row is None:
        raise not_found(model)
    return row
