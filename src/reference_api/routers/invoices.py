"""``/api/v1/invoices``: list (filters, search), create, show, update, void.

Amounts are integer minor units in the team's currency. Only draft and open invoices change; a paid
invoice cannot be voided (409). Voiding a void invoice is a no-op that answers 200.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from reference_api.auth import CurrentPrincipal, Principal, authorize, require_permission
from reference_api.context import AppContext, Ctx
from reference_api.envelope import one, paged
from reference_api.errors import conflict, not_found
from reference_api.events import DomainEvent
from reference_api.queries import QueryReader, like_pattern
from reference_api.render import render_invoice, utc_now
from reference_api.scoping import find_by_id_only, find_in_team
from reference_api.validation import json_body

router = APIRouter(prefix="/api/v1/invoices")

CanView = Annotated[Principal, Depends(require_permission("invoices.view"))]
CanCreate = Annotated[Principal, Depends(require_permission("invoices.create"))]
CanUpdate = Annotated[Principal, Depends(require_permission("invoices.update"))]
CHANGEABLE = ("draft", "open")


def _find(ctx: AppContext, invoice_id: str, team_id: Any) -> dict[str, Any]:
    return find_in_team(ctx, "invoices", "Invoice", invoice_id, team_id)


@router.get("")
async def list_invoices(request: Request, principal: CanView, ctx: Ctx) -> Any:
    query = QueryReader(request.query_params)
    page = query.page(unbounded_per_page=ctx.defects.on("per_page_unbounded"))
    status, search = query.status(), query.text("search")
    customer_id = query.identifier("customer_id", ctx.db)
    query.done()
    where, params = ["team_id = ?"], [principal.team_id]
    if customer_id is not None and ctx.defects.on("invoice_customer_filter_unscoped"):
        from reference_api.defects.scoping import invoice_customer_filter_unscoped

        where, params = invoice_customer_filter_unscoped(customer_id)
    elif customer_id is not None:
        where.append("customer_id = ?")
        params.append(customer_id)
    if status is not None:
        where.append("status = ?")
        params.append(status)
    if search is not None:
        where.append("description LIKE ? ESCAPE '\\'")
        params.append(like_pattern(search))
    clause = " AND ".join(where)
    total = ctx.db.scalar(f"SELECT COUNT(*) FROM invoices WHERE {clause}", params)
    rows = ctx.db.all(
        f"SELECT * FROM invoices WHERE {clause} ORDER BY rowid LIMIT ? OFFSET ?",
        [*params, page.per_page, page.offset],
    )
    return paged(ctx, request, [render_invoice(ctx, row) for row in rows], page, total)


@router.post("", status_code=201)
async def create_invoice(request: Request, principal: CanCreate, ctx: Ctx) -> Any:
    body = await json_body(request, ctx.settings.ids, "InvoiceCreate")
    if ctx.defects.on("invoice_accepts_foreign_customer"):
        from reference_api.defects.scoping import invoice_accepts_foreign_customer

        customer = invoice_accepts_foreign_customer(ctx, body["customer_id"])
    else:
        customer = ctx.db.one(
            "SELECT id FROM customers WHERE id = ? AND team_id = ?", (body["customer_id"], principal.team_id)
        )
    if customer is None:  # Customer::findOrFail(): the referenced customer is not in this team
        raise not_found("Customer")
    now = utc_now()
    row = {
        "team_id": principal.team_id,
        "customer_id": customer["id"],
        "amount": int(body["amount"]),
        "currency": principal.team["currency"],
        "description": body.get("description"),
        "due_date": body["due_date"],
        "status": "draft",
        "issued_at": now,
        "created_at": now,
        "updated_at": now,
    }
    row["id"] = ctx.db.insert("invoices", row)
    invoice = render_invoice(ctx, row)
    ctx.bus.publish(DomainEvent(principal.team_id, "invoice.created", invoice))
    return JSONResponse(one(ctx, invoice), status_code=201)


@router.get("/{invoice_id}")
async def show_invoice(invoice_id: str, principal: CanView, ctx: Ctx) -> Any:
    if ctx.defects.on("cross_tenant_read_by_id"):
        return one(ctx, render_invoice(ctx, find_by_id_only(ctx, "invoices", "Invoice", invoice_id)))
    return one(ctx, render_invoice(ctx, _find(ctx, invoice_id, principal.team_id)))


@router.patch("/{invoice_id}")
async def update_invoice(invoice_id: str, request: Request, principal: CanUpdate, ctx: Ctx) -> Any:
    row = _find(ctx, invoice_id, principal.team_id)
    body = await json_body(request, ctx.settings.ids, "InvoiceUpdate")
    if row["status"] not in CHANGEABLE:
        raise conflict(f"A {row['status']} invoice cannot be changed.")
    changes = {**body, "updated_at": utc_now()}
    if "amount" in changes:
        changes["amount"] = int(changes["amount"])
    ctx.db.update("invoices", row["id"], changes)
    invoice = render_invoice(ctx, {**row, **changes})
    ctx.bus.publish(DomainEvent(principal.team_id, "invoice.updated", invoice))
    return one(ctx, invoice)


@router.post("/{invoice_id}/void")
async def void_invoice(invoice_id: str, request: Request, principal: CurrentPrincipal, ctx: Ctx) -> Any:
    if not ctx.defects.on("invoice_void_permission_missing"):
        authorize(principal, "invoices.void")
    row = _find(ctx, invoice_id, principal.team_id)
    if row["status"] == "void":
        return one(ctx, render_invoice(ctx, row))
    if row["status"] == "paid":
        raise conflict("A paid invoice cannot be voided; issue a credit note instead.")
    changes = {"status": "void", "updated_at": utc_now()}
    ctx.db.update("invoices", row["id"], changes)
    invoice = render_invoice(ctx, {**row, **changes})
    ctx.bus.publish(DomainEvent(principal.team_id, "invoice.voided", invoice))
    return one(ctx, invoice)
