"""Assemble the OpenAPI 3.1 document for one app (dialects from its settings, plug-ins' extensions)."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from reference_api import __version__
from reference_api.context import AppContext
from reference_api.openapi.common import SECURITY_SCHEME, json_response, security_schemes
from reference_api.openapi.envelopes import apply_envelopes
from reference_api.openapi.login import login_paths
from reference_api.openapi.operations import core_paths
from reference_api.openapi.path_tenancy import to_path_tenancy
from reference_api.openapi.refs import apply_refs
from reference_api.openapi.schemas import component_schemas
from reference_api.openapi.servers import apply_servers
from reference_api.settings import Settings
from reference_api.tenancy import TEAM_HEADER

router = APIRouter()

DESCRIPTION = f"""\
A multi-tenant invoicing API (teams, customers, invoices, members, webhooks).

A token is bound to one team. Users who belong to several teams switch with the `{TEAM_HEADER}`
header; a team the user does not belong to answers 403. Objects of other teams answer 404.
Operations that need a permission name it in `x-permission`; lacking it answers 403 with
`required_permission`. Errors are `{{"message": ...}}`, validation errors add `errors`.
"""


def _health(settings: Settings) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"status": {"type": "string"}}, "required": ["status"]}
    return {
        "get": {
            "operationId": "health",
            "summary": "Health check",
            "tags": ["health"],
            "security": [],
            "responses": {
                "200": json_response(settings, 200, "The service is up.", schema, rate_limited=False)
            },
        }
    }


def build_document(ctx: AppContext) -> dict[str, Any]:
    settings = ctx.settings
    tags = ["health", "me", "team", "customers", "invoices", "members"]
    login = login_paths(settings)
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "tenantprobe reference API", "version": __version__, "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "x-tenant-header": TEAM_HEADER,
        "security": [{SECURITY_SCHEME: []}],
        "tags": [{"name": name} for name in (["auth"] if login else []) + tags],
        "paths": {"/up": _health(settings), **login, **core_paths(settings)},
        "components": {
            "schemas": copy.deepcopy(component_schemas(settings.ids)),
            "securitySchemes": security_schemes(settings),
        },
    }
    for extend in ctx.spec_extensions:
        extend(spec, ctx)
    if settings.tenancy == "path":  # first: the plug-ins' paths move under /orgs/{org} too
        to_path_tenancy(spec, settings)
    # the style's conventions, over every operation (plug-ins' too): envelopes, then $refs, then servers
    apply_envelopes(spec, settings)
    apply_refs(spec, settings)
    apply_servers(spec, settings)
    return spec


@router.get("/api/v1/openapi.json", include_in_schema=False)
async def openapi_document(request: Request) -> JSONResponse:
    ctx: AppContext = request.app.state.ctx
    cached = ctx.extras.get("openapi_document")
    if cached is None:
        cached = ctx.extras["openapi_document"] = build_document(ctx)
    return JSONResponse(cached)
