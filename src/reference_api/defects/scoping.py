"""Defects the scoping family must catch: one tenant reaching another tenant's data."""

from __future__ import annotations

from typing import Any

from reference_api.defects import defect


@defect("team_header_spoofing", "scoping")
def team_header_spoofing(
    ctx: Any, team_id: Any, user_id: Any, home_team_id: Any
) -> tuple[Any, tuple[str, ...]]:
    """``X-Team-Id`` switches into ANY existing team, keeping the roles of the token's own team.

    The membership check was replaced by an existence check. A viewer of acme sends
    ``X-Team-Id: <globex id>`` and reads globex's data. The scoping family must catch it
    (tenant-selector spoofing must be refused with 403).
    """
    from reference_api.errors import forbidden

    exists = team_id is not None and ctx.db.scalar("SELECT 1 FROM teams WHERE id = ?", (team_id,))
    if not exists:
        raise forbidden("You are not a member of the requested team.")
    sql = "SELECT role FROM memberships WHERE team_id = ? AND user_id = ?"
    rows = ctx.db.all(sql, (home_team_id, user_id))
    return team_id, tuple(row["role"] for row in rows)
