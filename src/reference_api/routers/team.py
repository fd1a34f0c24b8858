"""``/api/v1/team``: the current team (any member) and its settings (team.update)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from reference_api.auth import CurrentPrincipal, Principal, require_permission
from reference_api.context import Ctx
from reference_api.defects import preflight as preflight_defects
from reference_api.envelope import one
from reference_api.validation import json_body

router = APIRouter(prefix="/api/v1/team")

CanUpdate = Annotated[Principal, Depends(require_permission("team.update"))]


@router.get("")
async def show_team(principal: CurrentPrincipal, ctx: Ctx) -> Any:
    # in the path dialect this is the team's baseline, so the timezone defect lives here
    if ctx.settings.tenancy == "path" and ctx.defects.on("me_team_timezone_utc"):
        return one(ctx, preflight_defects.me_team_timezone_utc(principal.team))
    return one(ctx, principal.team)


@router.patch("")
async def update_team(request: Request, principal: CanUpdate, ctx: Ctx) -> Any:
    body = await json_body(request, ctx.settings.ids, "TeamUpdate")
    ctx.db.update("teams", principal.team_id, body)
    return one(ctx, {**principal.team, **body})
