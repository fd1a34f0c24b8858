"""`POST /api/v1/payments/{team_id}/events`: a payment provider's signed callback (Stripe style).

With ``--inbound-tenant header`` it is `POST /api/v1/payments/events` and the team is named by the
`X-Team-Id` header instead (a missing header answers 422).

No token: the request is authenticated by `Stripe-Signature` with the team's payment secret, so a
missing, stale or wrong signature answers 401 (what the provider must fix is in the message).
Order matters: verify the signature over the raw bytes first, then validate, then reject replays,
and only then change state, so a forged or replayed request never marks anything paid.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from reference_api.context import AppContext, get_ctx
from reference_api.defects import webhooks as defects
from reference_api.errors import ApiError, conflict, not_found, validation_failed
from reference_api.events import DomainEvent
from reference_api.render import render_invoice, utc_now
from reference_api.tenancy import TEAM_HEADER

from .schemas import validate_body
from .signing import SignatureError, verify_stripe
from .store import WebhookStore

SIGNATURE_HEADER = "Stripe-Signature"
HANDLED_TYPES = ("invoice.paid",)

# one of them is mounted, as ``--inbound-tenant`` says where the callback names its team
path_router = APIRouter(include_in_schema=False)
header_router = APIRouter(include_in_schema=False)
Ctx = Annotated[AppContext, Depends(get_ctx)]


def _store(ctx: AppContext) -> WebhookStore:
    store: WebhookStore = ctx.extras["webhooks"].store
    return store


def verify(ctx: AppContext, secret: str, body: bytes, header: str | None) -> None:
    if ctx.defects.on("inbound_signature_unverified"):
        defects.inbound_signature_unverified(secret, body, header)
        return
    try:
        verify_stripe(secret, body, header)
    except SignatureError as exc:
        raise ApiError(401, str(exc)) from None


def parse_event(ctx: AppContext, body: bytes) -> dict[str, Any]:
    try:
        event = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise validation_failed({"body": ["The request body must be valid JSON."]}) from None
    return validate_body(ctx.settings.ids, "PaymentEvent", event)


def find_invoice(ctx: AppContext, team_id: Any, raw_id: Any) -> dict[str, Any]:
    parsed = ctx.db.parse_id(str(raw_id))
    row = None
    if parsed is not None:
        row = ctx.db.one("SELECT * FROM invoices WHERE id = ? AND team_id = ?", (parsed, team_id))
    if row is None:
        raise not_found("Invoice")
    return row


def remember(ctx: AppContext, team_id: Any, event_id: str) -> None:
    if ctx.defects.on("inbound_replay_accepted"):
        defects.inbound_replay_accepted(_store(ctx), team_id, event_id)
        return
    if not _store(ctx).remember_inbound(team_id, event_id):
        raise conflict(f"Event {event_id} was already processed; replays are rejected.")


def mark_paid(ctx: AppContext, team_id: Any, invoice: dict[str, Any]) -> bool:
    """Set the invoice paid and publish invoice.paid; False when it already was."""
    if invoice["status"] == "paid":
        return False
    if invoice["status"] == "void":
        raise conflict("A void invoice cannot be paid.")
    changes = {"status": "paid", "updated_at": utc_now()}
    ctx.db.update("invoices", invoice["id"], changes)
    ctx.bus.publish(DomainEvent(team_id, "invoice.paid", render_invoice(ctx, {**invoice, **changes})))
    return True


def find_team(ctx: AppContext, raw_id: str) -> dict[str, Any]:
    parsed_team = ctx.db.parse_id(raw_id)
    team = None
    if parsed_team is not None:
        team = ctx.db.one("SELECT id, payment_secret FROM teams WHERE id = ?", (parsed_team,))
    if team is None:
        raise not_found("Team")
    return team


@path_router.post("/api/v1/payments/{team_id}/events")
async def payment_event(team_id: str, request: Request, ctx: Ctx) -> JSONResponse:
    return await handle_payment_event(ctx, find_team(ctx, team_id), request)


@header_router.post("/api/v1/payments/events")
async def payment_event_for_header_team(request: Request, ctx: Ctx) -> JSONResponse:
    """The provider names the team in a header (``--inbound-tenant header``); without it: 422."""
    raw_team = request.headers.get(TEAM_HEADER)
    if not raw_team:
        raise validation_failed({TEAM_HEADER: [f"The {TEAM_HEADER} header is required."]})
    if not request.headers.get(SIGNATURE_HEADER):
        # unsigned: 401 before the team is looked up, so no caller learns which team ids exist
        verify(ctx, "", b"", None)
    return await handle_payment_event(ctx, find_team(ctx, raw_team), request)


async def handle_payment_event(ctx: AppContext, team: dict[str, Any], request: Request) -> JSONResponse:
    body = await request.body()
    verify(ctx, team["payment_secret"], body, request.headers.get(SIGNATURE_HEADER))
    event = parse_event(ctx, body)
    invoice = None
    if event["type"] in HANDLED_TYPES:
        invoice = find_invoice(ctx, team["id"], event["data"]["invoice_id"])
    remember(ctx, team["id"], event["id"])
    changed = mark_paid(ctx, team["id"], invoice) if invoice is not None else False
    outcome = {"received": True, "id": event["id"], "handled": invoice is not None, "changed": changed}
    return JSONResponse(outcome)
