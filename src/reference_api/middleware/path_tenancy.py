"""The path dialect's route group: ``/api/v1/orgs/{org}/<route>`` is served by ``/api/v1/<route>``.

The slug goes into the request state (``tenant_org``), where ``tenancy.team_and_roles`` checks the
caller's membership. A team-scoped route called without the org prefix does not exist in this
dialect (404), nor does an unscoped one (``/me``, the spec) under it. Inside the request log, which
writes the route with its prefix and the ``org`` asked for; outside the router, which never sees it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from reference_api.errors import ApiError, error_response
from reference_api.tenancy import API_PREFIX, ORG_PREFIX, is_team_scoped, org_path

_ORG_ROUTE = re.compile(re.escape(ORG_PREFIX) + r"(?P<org>[^/]+)(?P<rest>/.*)?\Z")


class PathTenancyMiddleware:
    def __init__(self, app: ASGIApp, ctx: Any) -> None:
        self.app = app
        self.ctx = ctx
        # how often each {org} slug was asked for: a run must name only organisations that exist
        self.requests_by_org: Counter[str] = ctx.extras.setdefault("requests_by_org", Counter())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.ctx.settings.tenancy != "path":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        match = _ORG_ROUTE.match(path)
        served = API_PREFIX + (match["rest"] or "") if match else None
        if served is not None and match is not None and is_team_scoped(served):
            state = scope.setdefault("state", {})
            state["tenant_org"] = state["log_org"] = match["org"]
            self.requests_by_org[match["org"]] += 1
            served_scope = {**scope, "path": served}
            try:
                await self.app(served_scope, receive, send)
            finally:
                route = getattr(served_scope.get("route"), "path", None)
                state["log_route"] = org_path(route) if route else path
            return
        if match is not None or is_team_scoped(path):
            response = error_response(ApiError(404, "Not found."), Request(scope))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
