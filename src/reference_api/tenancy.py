"""Which team a request acts in, and with which roles: the token's own team, the ``X-Team-Id``
selector (header dialect) or the ``{org}`` path segment (path dialect).

In the path dialect every team-scoped route lives under ``/api/v1/orgs/{org}`` (``{org}`` the
team's slug); ``middleware/path_tenancy.py`` moves the slug into the request state. A non-member and
a non-existent organisation get the same 404, so the answer never tells whether an org exists.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from reference_api.context import AppContext
from reference_api.defects import path_tenancy as path_defects
from reference_api.defects import scoping as scoping_defects
from reference_api.defects import sse as sse_defects
from reference_api.errors import ApiError, forbidden, not_found

TEAM_HEADER = "X-Team-Id"
API_PREFIX = "/api/v1"
ORG_PREFIX = "/api/v1/orgs/"
ORG_PARAMETER = "org"
# Routes of the user or of the app, never of one team: they stay outside /orgs/{org}.
UNSCOPED_PATHS = ("/api/v1/me", "/api/v1/openapi.json", "/api/v1/login")
UNSCOPED_PREFIXES = ("/api/v1/payments/", ORG_PREFIX)


def is_team_scoped(path: str) -> bool:
    """Whether a path (as the header dialect serves it) acts in one team."""
    return (
        path.startswith(API_PREFIX + "/")
        and path not in UNSCOPED_PATHS
        and not path.startswith(UNSCOPED_PREFIXES)
    )


def org_path(path: str) -> str:
    """``/api/v1/customers/{id}`` as the path dialect serves it: ``/api/v1/orgs/{org}/customers/{id}``."""
    return f"{ORG_PREFIX}{{{ORG_PARAMETER}}}{path.removeprefix(API_PREFIX)}"


def org_not_found() -> ApiError:
    # one answer for "no such organisation" and "not a member": no existence oracle
    return not_found("Organisation")


def roles_in(ctx: AppContext, team_id: Any, user_id: Any) -> tuple[str, ...]:
    rows = ctx.db.all("SELECT role FROM memberships WHERE team_id = ? AND user_id = ?", (team_id, user_id))
    return tuple(row["role"] for row in rows)


def _acting_roles(
    ctx: AppContext, request: Request, team_id: Any, user_id: Any, home_team_id: Any
) -> tuple[str, ...]:
    """The user's roles in ``team_id``; empty for a non-member (unless a membership defect is on)."""
    roles = roles_in(ctx, team_id, user_id)
    if roles:
        return roles
    operation = (request.method, request.scope["path"])
    home = roles_in(ctx, home_team_id, user_id)
    if ctx.defects.on("org_membership_not_checked"):
        roles = path_defects.org_membership_not_checked(operation, home)
    if not roles and ctx.defects.on("sse_foreign_stream_open"):
        roles = sse_defects.sse_foreign_stream_open(operation, home)
    return roles


def _org_team(
    ctx: AppContext, request: Request, slug: str, user_id: Any, home_team_id: Any
) -> tuple[Any, tuple[str, ...]]:
    team_id = ctx.db.scalar("SELECT id FROM teams WHERE slug = ?", (slug,))
    if team_id is None:
        raise org_not_found()
    if ctx.defects.on("team_header_spoofing") and team_id != home_team_id:
        return scoping_defects.team_header_spoofing(ctx, team_id, user_id, home_team_id)
    roles = _acting_roles(ctx, request, team_id, user_id, home_team_id)
    if not roles:
        raise org_not_found()
    return team_id, roles


def _selected_team(
    ctx: AppContext, request: Request, requested: str, user_id: Any, home_team_id: Any
) -> tuple[Any, tuple[str, ...]]:
    """The team and roles an ``X-Team-Id`` header asks for; 403 unless the user belongs to it."""
    team_id = ctx.db.parse_id(requested.strip())
    if ctx.defects.on("team_header_spoofing"):
        return scoping_defects.team_header_spoofing(ctx, team_id, user_id, home_team_id)
    exists = team_id is not None and ctx.db.scalar("SELECT 1 FROM teams WHERE id = ?", (team_id,))
    roles = _acting_roles(ctx, request, team_id, user_id, home_team_id) if exists else ()
    if not roles:
        raise forbidden("You are not a member of the requested team.")
    return team_id, roles


def requested_org(request: Request) -> str | None:
    """The ``{org}`` slug of a path-dialect request (set by the path-tenancy middleware), else None."""
    slug: str | None = request.scope.get("state", {}).get("tenant_org")
    return slug


def team_and_roles(
    ctx: AppContext, request: Request, user_id: Any, home_team_id: Any
) -> tuple[Any, tuple[str, ...]]:
    """The team this request acts in and the user's roles there, in either tenancy dialect."""
    slug = requested_org(request)
    if slug is not None:
        return _org_team(ctx, request, slug, user_id, home_team_id)
    requested = request.headers.get(TEAM_HEADER.lower()) if ctx.settings.tenancy == "header" else None
    if requested is not None and requested.strip() != str(home_team_id):
        return _selected_team(ctx, request, requested, user_id, home_team_id)
    return home_team_id, roles_in(ctx, home_team_id, user_id)
