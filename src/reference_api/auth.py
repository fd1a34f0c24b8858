"""Who is calling, in which team, with which permissions (Sanctum token + Spatie teams mode).

A token is bound to one team. ``X-Team-Id`` (header dialect) or the ``{org}`` path segment (path
dialect) selects another team the user belongs to (see ``tenancy.py``); roles and permissions always
follow the current team.
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
from reference_api.tenancy import team_and_roles


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


async def current_principal(request: Request, ctx: Ctx) -> Principal:
    token = ctx.tokens.resolve(credential_from(request.headers, ctx.settings))
    if token is None:
        raise unauthenticated()
    user = ctx.db.one("SELECT id, name, email FROM users WHERE id = ?", (token.user_id,))
    if user is None:
        raise unauthenticated()
    team_id, roles = team_and_roles(ctx, request, user["id"], token.team_id)
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
