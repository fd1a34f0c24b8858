"""Who is calling, in which team, with which permissions (Sanctum token + Spatie teams mode).

A token is bound to one team. ``X-Team-Id`` switches to another team the user belongs to; roles
and permissions always follow the current team.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.datastructures import Headers

from reference_api.context import AppContext, Ctx
from reference_api.errors import forbidden, unauthenticated, unauthorized
from reference_api.permissions import permissions_of
from reference_api.settings import Settings

TEAM_HEADER = "X-Team-Id"


@dataclass(frozen=True)
class Principal:
    token_id: int
    user: dict[str, Any]  # id, name, email
    team: dict[str, Any]  # id, name, slug, currency, timezone
    roles: tuple[str, ...]
    permissions: tuple[str, ...]
    # the team the token is bound to (differs from team["id"] after an X-Team-Id switch)
    token_team_id: Any

    @property
    def team_id(self) -> Any:
        return self.team["id"]

    def can(self, permission: str) -> bool:
        return permission in self.permissions


def credential_from(headers: Headers, settings: Settings) -> str | None:
    """The plain token carried in this auth dialect's header, or None."""
    if settings.auth == "api-key":
        return headers.get("x-api-key") or None
    value = headers.get("authorization", "")
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _team(ctx: AppContext, team_id: Any) -> dict[str, Any] | None:
    return ctx.db.one("SELECT id, name, slug, currency, timezone FROM teams WHERE id = ?", (team_id,))


def _roles(ctx: AppContext, team_id: Any, user_id: Any) -> tuple[str, ...]:
    rows = ctx.db.all("SELECT role FROM memberships WHERE team_id = ? AND user_id = ?", (team_id, user_id))
    return tuple(row["role"] for row in rows)


def _switch_team(
    ctx: AppContext, requested: str, user_id: Any, home_team_id: Any
) -> tuple[Any, tuple[str, ...]]:
    """The team and roles an ``X-Team-Id`` header asks for; 403 unless the user belongs to it."""
    team_id = ctx.db.parse_id(requested.strip())
    if ctx.defects.on("team_header_spoofing"):
        from reference_api.defects.scoping import team_header_spoofing

        return team_header_spoofing(ctx, team_id, user_id, home_team_id)
    roles = _roles(ctx, team_id, user_id) if team_id is not None else ()
    if not roles:
        raise forbidden("You are not a member of the requested team.")
    return team_id, roles


async def current_principal(request: Request, ctx: Ctx) -> Principal:
    token = ctx.tokens.resolve(credential_from(request.headers, ctx.settings))
    if token is None:
        raise unauthenticated()
    user = ctx.db.one("SELECT id, name, email FROM users WHERE id = ?", (token.user_id,))
    if user is None:
        raise unauthenticated()
    requested = request.headers.get(TEAM_HEADER.lower())
    if requested is not None and requested.strip() != str(token.team_id):
        team_id, roles = _switch_team(ctx, requested, user["id"], token.team_id)
    else:
        team_id, roles = token.team_id, _roles(ctx, token.team_id, user["id"])
    team = _team(ctx, team_id)
    if team is None:
        raise forbidden("You are not a member of the requested team.")
    principal = Principal(token.id, user, team, roles, tuple(permissions_of(roles)), token.team_id)
    # for the request log line
    request.state.log_team = team["slug"]
    request.state.log_user = user["email"]
    return principal


def authorize(principal: Principal, permission: str) -> Principal:
    """The principal, or a 403 naming the missing permission."""
    if not principal.can(permission):
        raise unauthorized(permission)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_permission(permission: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency that yields the principal, or answers 403 naming the missing permission."""

    async def dependency(principal: CurrentPrincipal) -> Principal:
        return authorize(principal, permission)

    dependency.__name__ = f"require_{permission.replace('.', '_')}"
    return dependency
