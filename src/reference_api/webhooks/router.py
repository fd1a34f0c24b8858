"""`/api/v1/webhooks…`: endpoint CRUD (webhooks.manage) and the delivery log.

Routes are left out of FastAPI's generated schema; ``webhooks.openapi`` documents them by hand so the
spec states every status code and header exactly.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response

from reference_api.auth import Principal, require_permission
from reference_api.context import AppContext, get_ctx
from reference_api.envelope import one, paged
from reference_api.errors import not_found, validation_failed
from reference_api.queries import Page, QueryReader

from .schemas import validate_body
from .signing import new_secret
from .store import WebhookStore, public

PERMISSION = "webhooks.manage"

router = APIRouter(prefix="/api/v1/webhooks", include_in_schema=False)
Manager = Annotated[Principal, Depends(require_permission(PERMISSION))]
Ctx = Annotated[AppContext, Depends(get_ctx)]


def _store(ctx: AppContext) -> WebhookStore:
    store: WebhookStore = ctx.extras["webhooks"].store
    return store


async def read_json(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        raise validation_failed({"body": ["The request body must be valid JSON."]}) from None


def page_params(request: Request) -> Page:
    query = QueryReader(request.query_params)
    page = query.page()
    query.done()
    return page


def signing_secret(ctx: AppContext, team_id: Any) -> str:
    """A fresh secret for a new endpoint, or the team's one secret (shown in its dashboard)."""
    if ctx.settings.style.webhook_secrets == "tenant":
        secret: str = ctx.extras["team_webhook_secrets"][team_id]
        return secret
    return new_secret(ctx.settings.signature)


def find_hook(ctx: AppContext, principal: Principal, webhook_id: str) -> dict[str, Any]:
    parsed = ctx.db.parse_id(webhook_id)
    hook = _store(ctx).get(principal.team_id, parsed) if parsed is not None else None
    if hook is None:
        raise not_found("Webhook")
    return hook


@router.get("")
async def list_webhooks(request: Request, principal: Manager, ctx: Ctx) -> dict[str, Any]:
    page = page_params(request)
    hooks = _store(ctx).for_team(principal.team_id)
    shown = hooks[page.offset : page.offset + page.per_page]
    return paged(ctx, request, [public(h) for h in shown], page, len(hooks))


@router.post("", status_code=201)
async def create_webhook(request: Request, principal: Manager, ctx: Ctx) -> dict[str, Any]:
    body = validate_body(ctx.settings.ids, "WebhookCreate", await read_json(request))
    events = list(dict.fromkeys(body["events"]))
    hook = _store(ctx).create(principal.team_id, body["url"], events, signing_secret(ctx, principal.team_id))
    # a secret known out of band is never echoed
    return one(ctx, public(hook, with_secret=ctx.settings.style.webhook_secrets == "endpoint"))


@router.get("/{webhook_id}")
async def show_webhook(webhook_id: str, principal: Manager, ctx: Ctx) -> dict[str, Any]:
    return one(ctx, public(find_hook(ctx, principal, webhook_id)))


@router.delete("/{webhook_id}", status_code=204)
async def delete_webhook(webhook_id: str, principal: Manager, ctx: Ctx) -> Response:
    hook = find_hook(ctx, principal, webhook_id)
    _store(ctx).delete(principal.team_id, hook["id"])
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries")
async def list_deliveries(webhook_id: str, request: Request, principal: Manager, ctx: Ctx) -> dict[str, Any]:
    hook = find_hook(ctx, principal, webhook_id)
    page = page_params(request)
    rows, total = _store(ctx).deliveries(principal.team_id, hook["id"], page.page, page.per_page)
    return paged(ctx, request, rows, page, total)
