"""``/api/v1/me``: the caller, the current team, and roles/permissions in that team only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from reference_api.auth import CurrentPrincipal, Principal, current_principal
from reference_api.context import AppContext, Ctx
from reference_api.envelope import one
from reference_api.memberships import memberships_body
from reference_api.validation import json_body

router = APIRouter(prefix="/api/v1")


def me_body(ctx: AppContext, principal: Principal) -> dict[str, Any]:
    if ctx.settings.tenancy == "path":
        return memberships_body(ctx, principal)
    roles, permissions = list(principal.roles), list(principal.permissions)
    if ctx.defects.on("me_lists_all_team_permissions"):
        from reference_api.defects.rbac import me_lists_all_team_permissions

        roles, permissions = me_lists_all_team_permissions(ctx, principal)
    team = principal.team
    if ctx.defects.on("me_team_timezone_utc"):
        from reference_api.defects.preflight import me_team_timezone_utc

        team = me_team_timezone_utc(team)
    return {"user": principal.user, "team": team, "roles": roles, "permissions": permissions}


@router.get("/me")
async def show_me(principal: CurrentPrincipal, ctx: Ctx) -> Any:
    return one(ctx, me_body(ctx, principal))


@router.patch("/me")
async def update_me(request: Request, principal: CurrentPrincipal, ctx: Ctx) -> Any:
    if ctx.defects.on("role_mass_assignment_via_me"):
        from reference_api.defects.rbac import role_mass_assignment_via_me

        await role_mass_assignment_via_me(ctx, principal, request)
        return one(ctx, me_body(ctx, await current_principal(request, ctx)))
    body = await json_body(request, ctx.settings.ids, "MeUpdate")
    ctx.db.update("users", principal.user["id"], {"name": body["name"]})
    user = {**principal.user, "name": body["name"]}
    renamed = Principal(
        principal.token_id,
        user,
        principal.team,
        principal.roles,
        principal.permissions,
        principal.token_team_id,
    )
    return one(ctx, me_body(ctx, renamed))
