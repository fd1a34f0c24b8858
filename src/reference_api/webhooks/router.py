"""`/api/v1/webhooks…`: endpoint CRUD (webhooks.manage) and the delivery log.

Routes are left out of FastAPI's generated schema; ``webhooks.openapi`` documents them by hand so the
spec states every status code and header exactly.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request, Response

from reference_api.auth import Principal, require_permission
from reference_api.context import AppContext, get_ctx
from reference_api.errors import not_found, validation_failed
from reference_api.events import EVENT_NAMES

from .signing import new_secret
from .store import WILDCARD, WebhookStore, public

PERMISSION = "webhooks.manage"
MAX_URL_LENGTH = 2048
DEFAULT_PER_PAGE = 15
MAX_PER_PAGE = 100
CREATE_FIELDS = ("url", "events")

router = APIRouter(prefix="/api/v1/webhooks", include_in_schema=False)
Manager = Annotated[Principal, Depends(require_permission(PERMISSION))]
Ctx = Annotated[AppContext, Depends(get_ctx)]


def _store(ctx: AppContext) -> WebhookStore:
    store: WebhookStore = ctx.extras["webhooks"].store
    return store


async def read_json_object(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise validation_failed({"body": ["The request body must be a JSON object."]})
    return body


def url_errors(value: Any) -> list[str]:
    if not isinstance(value, str) or not value:
        return ["The url field is required and must be a string."]
    if len(value) > MAX_URL_LENGTH:
        return [f"The url field must not be greater than {MAX_URL_LENGTH} characters."]
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ["The url field must be a valid http or https URL."]
    return []


def events_errors(value: Any) -> list[str]:
    if not isinstance(value, list) or not value:
        return ["The events field is required and must be a non-empty list of event names."]
    allowed = (WILDCARD, *EVENT_NAMES)
    unknown = [item for item in value if not isinstance(item, str) or item not in allowed]
    if unknown:
        return [f"The events field holds unknown event names {unknown!r}; use {', '.join(allowed)}."]
    return []


def validate_create(body: dict[str, Any]) -> tuple[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for key in body:
        if key not in CREATE_FIELDS:
            errors[key] = [f"The {key} field is prohibited."]
    for key, found in (("url", url_errors(body.get("url"))), ("events", events_errors(body.get("events")))):
        if found:
            errors[key] = found
    if errors:
        raise validation_failed(errors)
    return body["url"], list(dict.fromkeys(body["events"]))


def page_params(request: Request) -> tuple[int, int]:
    errors: dict[str, list[str]] = {}
    values: dict[str, int] = {}
    for key, default, upper in (("page", 1, None), ("per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)):
        raw = request.query_params.get(key)
        if raw is None:
            values[key] = default
        elif not raw.isascii() or not raw.isdigit() or int(raw) < 1 or (upper and int(raw) > upper):
            limit = f" and at most {upper}" if upper else ""
            errors[key] = [f"The {key} field must be an integer of at least 1{limit}."]
        else:
            values[key] = min(int(raw), 10**9)
    if errors:
        raise validation_failed(errors)
    return values["page"], values["per_page"]


def find_hook(ctx: AppContext, principal: Principal, webhook_id: str) -> dict[str, Any]:
    parsed = ctx.db.parse_id(webhook_id)
    hook = _store(ctx).get(principal.team_id, parsed) if parsed is not None else None
    if hook is None:
        raise not_found("Webhook")
    return hook


@router.get("")
async def list_webhooks(
    request: Request, principal: Manager, ctx: Ctx
) -> dict[str, Any]:
    page, per_page = page_params(request)
    hooks = _store(ctx).list(principal.team_id)
    shown = hooks[(page - 1) * per_page : page * per_page]
    meta = {"page": page, "per_page": per_page, "total": len(hooks)}
    return {"data": [public(h) for h in shown], "meta": meta}


@router.post("", status_code=201)
async def create_webhook(
    request: Request, principal: Manager, ctx: Ctx
) -> dict[str, Any]:
    url, events = validate_create(await read_json_object(request))
    hook = _store(ctx).create(principal.team_id, url, events, new_secret(ctx.settings.signature))
    return public(hook, with_secret=True)


@router.get("/{webhook_id}")
async def show_webhook(
    webhook_id: str, principal: Manager, ctx: Ctx
) -> dict[str, Any]:
    return public(find_hook(ctx, principal, webhook_id))


@router.delete("/{webhook_id}", status_code=204)
async def delete_webhook(
    webhook_id: str, principal: Manager, ctx: Ctx
) -> Response:
    hook = find_hook(ctx, principal, webhook_id)
    _store(ctx).delete(principal.team_id, hook["id"])
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries")
async def list_deliveries(
    webhook_id: str, request: Request, principal: Manager, ctx: Ctx
) -> dict[str, Any]:
    hook = find_hook(ctx, principal, webhook_id)
    page, per_page = page_params(request)
    rows, total = _store(ctx).deliveries(principal.team_id, hook["id"], page, per_page)
    return {"data": rows, "meta": {"page": page, "per_page": per_page, "total": total}}
