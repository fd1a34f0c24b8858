"""Defects the rbac family must catch: a role can do more, or less, than it is granted."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from reference_api.defects import defect


@defect("invoice_void_permission_missing", "rbac")
def invoice_void_permission_missing() -> None:
    """``POST /invoices/{id}/void`` never checks ``invoices.void``: a viewer can void invoices.

    The route was added without its ``permission:`` middleware. The rbac family must catch it
    (denied when lacking the permission). The void handler skips its check when on.
    """


@defect("customer_update_checks_delete_permission", "rbac")
def customer_update_checks_delete_permission() -> str:
    """``PATCH /customers/{id}`` demands ``customers.delete`` instead of ``customers.update``.

    A copy-paste slip: members (granted customers.update, not delete) get 403. The rbac family must
    catch it (over-restriction: allowed when granted).
    """
    return "customers.delete"


@defect("role_mass_assignment_via_me", "rbac")
async def role_mass_assignment_via_me(ctx: Any, principal: Any, request: Request) -> None:
    """``PATCH /me`` accepts a ``role`` field and writes it to the caller's membership.

    ``$user->fill($request->all())`` with role on the fillable list: a viewer makes themself admin.
    The rbac family must catch it (no role escalation; unknown fields rejected).
    """
    from reference_api.permissions import ROLES
    from reference_api.validation import json_object, validate

    payload = await json_object(request)
    role = payload.pop("role", None)
    body = validate(ctx.settings.ids, "MeUpdate", payload)
    ctx.db.update("users", principal.user["id"], {"name": body["name"]})
    if role in ROLES:
        ctx.db.execute(
            "UPDATE memberships SET role = ? WHERE team_id = ? AND user_id = ?",
            (role, principal.team_id, principal.user["id"]),
        )


@defect("member_role_escalation", "rbac")
def member_role_escalation(principal: Any, member: dict[str, Any], new_role: str) -> None:
    """``PATCH /members/{id}`` lets a manager grant ``admin``: the rank comparison was dropped.

    Only "not your own role" is still enforced. The rbac family must catch it (nobody grants a
    role above their own).
    """
    from reference_api.errors import forbidden

    if member["user_id"] == principal.user["id"]:
        raise forbidden("You cannot change your own role.")


@defect("me_lists_all_team_permissions", "rbac")
def me_lists_all_team_permissions(ctx: Any, principal: Any) -> tuple[list[str], list[str]]:
    """``GET /me`` reports roles and permissions of ALL the user's teams, not the current team's.

    Spatie's team id was not set before loading roles. A consultant who is member in acme and viewer
    in globex sees member permissions while acting in globex. The rbac family must catch it. In the
    path dialect each ``memberships`` entry's organisation is listed with every role of every team.
    """
    from reference_api.permissions import permissions_of

    rows = ctx.db.all("SELECT DISTINCT role FROM memberships WHERE user_id = ?", (principal.user["id"],))
    roles = sorted({row["role"] for row in rows})
    return roles, permissions_of(roles)
