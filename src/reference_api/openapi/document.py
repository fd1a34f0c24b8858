"""Assemble the OpenAPI 3.1 document for one app (dialects from its settings, plug-ins' extensions)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from reference_api import __version__
from reference_api.context import AppContext
from reference_api.openapi.schemas import component_schemas

router = APIRouter()


def build_document(ctx: AppContext) -> dict[str, Any]:
    settings = ctx.settings
    spec: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "tenantprobe reference API", "version": __version__},
        "servers": [{"url": "/"}],
        "paths": {},
        "components": {"schemas": dict(component_schemas(settings.ids))},
    }
    for extend in ctx.spec_extensions:
        extend(spec, ctx)
    return spec


@router.get("/api/v1/openapi.json", include_in_schema=False)
async def openapi_document(request: Request) -> JSONResponse:
    ctx: AppContext = request.app.state.ctx
    cached = ctx.extras.get("openapi_document")
    if cached is None:
        cached = ctx.extras["openapi_document"] = build_document(ctx)
    return JSONResponse(cached)
