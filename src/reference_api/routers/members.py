"""``/api/v1/members``: the team's memberships and role changes.

Nobody may change their own role, grant a role ranked above their own, or change the role of a
member ranked above them (Laravel policy style; each answers 403 with a message).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from reference_api.auth import Principal, require_permission
from reference_api.context import AppContext, Ctx
from reference_api.envelope import one, unpaged
from reference_api.errors import forbidden
from reference_api.events import DomainEvent
from reference_api.permissions import ROLE_RANK
from reference_api.render import render_member
from reference_api.scoping import find_in_team
from reference_api.validation import json_body

router = APIRouter(prefix="/api/v1/members")

CanView = Annotated[Principal, Depends(require_permission("members.view"))]
CanManage = Annotated[Principal, Depends(require_permission("members.manage"))]

_MEMBER_SQL = (
    "SELECT m.id, m.team_id, m.user_id, m.role, u.name, u.email "
    "FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.team_id = ?"
)


def _own_rank(principal: Principal) -> int:
    return max((ROLE_RANK.get(role, 0) for role in principal.roles), default=0)


def check_role_change(principal: Principal, member: dict[str, Any], new_role: str) -> None:
    if member["user_id"] == principal.user["id"]:
        raise forbidden("You cannot change your own role.")
    if ROLE_RANK[member["role"]] > _own_rank(principal):
        raise forbidden("You cannot change the role of a member ranked above you.")
    if ROLE_RANK[new_role] > _own_rank(principal):
        raise forbidden(f"You cannot grant the {new_role} role: it is ranked above your own.")


def member_by_id(ctx: AppContext, member_id: Any, team_id: Any) -> dict[str, Any]:
    row = ctx.db.one(_MEMBER_SQL + " AND m.id = ?", (team_id, member_id))
    assert row is not None
    return row


@router.get("")
async def list_members(principal: CanView, ctx: Ctx) -> Any:
    rows = ctx.db.all(_MEMBER_SQL + " ORDER BY m.rowid", (principal.team_id,))
    return unpaged(ctx, [render_member(row) for row in rows])


@router.patch("/{member_id}")
async def update_member(member_id: str, request: Request, principal: CanManage, ctx: Ctx) -> Any:
    membership = find_in_team(ctx, "memberships", "Member", member_id, principal.team_id)
    body = await json_body(request, ctx.settings.ids, "MemberUpdate")
    if ctx.defects.on("member_role_escalation"):
        from reference_api.defects.rbac import member_role_escalation

        member_role_escalation(principal, membership, body["role"])
    else:
        check_role_change(principal, membership, body["role"])
    ctx.db.update("memberships", membership["id"], {"role": body["role"]})
    member = render_member(member_by_id(ctx, membership["id"], principal.team_id))
    ctx.bus.publish(DomainEvent(principal.team_id, "member.updated", member))
    return one(ctx, member)
