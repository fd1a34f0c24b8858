"""The path dialect's identity body: the user and each membership as ``{org, role}``.

A request acts in whichever organisation its path names, so ``GET /me`` belongs to no team there:
it lists every organisation the user belongs to with the role held in each (one entry per role).
"""

from __future__ import annotations

from typing import Any

from reference_api.auth import Principal
from reference_api.context import AppContext
from reference_api.defects import rbac as rbac_defects


def memberships_body(ctx: AppContext, principal: Principal) -> dict[str, Any]:
    rows = ctx.db.all(
        "SELECT t.slug, m.role FROM memberships m JOIN teams t ON t.id = m.team_id "
        "WHERE m.user_id = ? ORDER BY t.rowid, m.rowid",
        (principal.user["id"],),
    )
    memberships = [{"org": row["slug"], "role": row["role"]} for row in rows]
    if ctx.defects.on("me_lists_all_team_permissions"):
        # every role of every team reported under each organisation
        roles, _ = rbac_defects.me_lists_all_team_permissions(ctx, principal)
        orgs = list(dict.fromkeys(m["org"] for m in memberships))
        memberships = [{"org": org, "role": role} for org in orgs for role in roles]
    return {"user": principal.user, "memberships": memberships}
