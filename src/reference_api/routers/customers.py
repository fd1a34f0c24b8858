"""``/api/v1/customers``: list (pagination, search, email filter), create, show, update, delete."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response

from reference_api.auth import CurrentPrincipal, Principal, authorize, require_permission
from reference_api.context import AppContext, Ctx
from reference_api.envelope import one, paged
from reference_api.events import DomainEvent
from reference_api.queries import QueryReader, like_pattern
from reference_api.render import render_customer, utc_now
from reference_api.scoping import find_by_id_only, find_in_team
from reference_api.validation import json_body

router = APIRouter(prefix="/api/v1/customers")

CanView = Annotated[Principal, Depends(require_permission("customers.view"))]
CanCreate = Annotated[Principal, Depends(require_permission("customers.create"))]
CanDelete = Annotated[Principal, Depends(require_permission("customers.delete"))]


def _update_permission(ctx: AppContext) -> str:
    if ctx.defects.on("customer_update_checks_delete_permission"):
        from reference_api.defects.rbac import customer_update_checks_delete_permission

        return customer_update_checks_delete_permission()
    return "customers.update"


@router.get("")
async def list_customers(request: Request, principal: CanView, ctx: Ctx) -> Any:
    query = QueryReader(request.query_params)
    page = query.page(unbounded_per_page=ctx.defects.on("per_page_unbounded"))
    search, email = query.text("search"), query.text("email")
    query.done()
    where, params = ["team_id = ?"], [principal.team_id]
    if search is not None:
        if ctx.defects.on("search_quote_server_error"):
            from reference_api.defects.contract import search_quote_server_error

            where.append(search_quote_server_error(search))
        elif ctx.defects.on("search_or_clause_leaks_rows"):
            from reference_api.defects.scoping import search_or_clause_leaks_rows

            where, params = search_or_clause_leaks_rows(principal.team_id, search)
        else:
            where.append("(name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')")
            params += [like_pattern(search), like_pattern(search)]
    if email is not None:
        where.append("email = ?")
        params.append(email)
    clause = " AND ".join(where)
    total = ctx.db.scalar(f"SELECT COUNT(*) FROM customers WHERE {clause}", params)
    rows = ctx.db.all(
        f"SELECT * FROM customers WHERE {clause} ORDER BY rowid LIMIT ? OFFSET ?",
        [*params, page.per_page, page.offset],
    )
    return paged(ctx, request, [render_customer(row) for row in rows], page, total)


@router.post("", status_code=201)
async def create_customer(request: Request, principal: CanCreate, ctx: Ctx) -> Any:
    team_id = principal.team_id
    if ctx.defects.on("team_id_mass_assignment"):
        from reference_api.defects.scoping import team_id_mass_assignment

        body, team_id = await team_id_mass_assignment(request, ctx, "CustomerCreate", team_id)
    else:
        body = await json_body(request, ctx.settings.ids, "CustomerCreate")
    now = utc_now()
    row = {"team_id": team_id, "name": body["name"], "email": body["email"], "notes": body.get("notes")}
    row |= {"created_at": now, "updated_at": now}
    row["id"] = ctx.db.insert("customers", row)
    customer = render_customer(row)
    ctx.bus.publish(DomainEvent(team_id, "customer.created", customer))
    return JSONResponse(one(ctx, customer), status_code=201)


@router.get("/{customer_id}")
async def show_customer(customer_id: str, principal: CanView, ctx: Ctx) -> Any:
    if ctx.defects.on("object_not_scoped_to_path_org"):
        return one(ctx, render_customer(find_by_id_only(ctx, "customers", "Customer", customer_id)))
    return one(
        ctx, render_customer(find_in_team(ctx, "customers", "Customer", customer_id, principal.team_id))
    )


@router.patch("/{customer_id}")
async def update_customer(customer_id: str, request: Request, principal: CurrentPrincipal, ctx: Ctx) -> Any:
    authorize(principal, _update_permission(ctx))
    if ctx.defects.on("cross_tenant_update_by_id"):
        row = find_by_id_only(ctx, "customers", "Customer", customer_id)
    else:
        row = find_in_team(ctx, "customers", "Customer", customer_id, principal.team_id)
    if ctx.defects.on("team_id_mass_assignment"):
        from reference_api.defects.scoping import team_id_mass_assignment

        body, team_id = await team_id_mass_assignment(request, ctx, "CustomerUpdate", row["team_id"])
        body = {**body, "team_id": team_id}
    else:
        body = await json_body(request, ctx.settings.ids, "CustomerUpdate")
    changes = {**body, "updated_at": utc_now()}
    ctx.db.update("customers", row["id"], changes)
    customer = render_customer({**row, **changes})
    ctx.bus.publish(DomainEvent(customer["team_id"], "customer.updated", customer))
    return one(ctx, customer)


@router.delete("/{customer_id}", status_code=204)
async def delete_customer(customer_id: str, principal: CanDelete, ctx: Ctx) -> Response:
    if ctx.defects.on("cross_tenant_delete_by_id"):
        row = find_by_id_only(ctx, "customers", "Customer", customer_id)
    else:
        row = find_in_team(ctx, "customers", "Customer", customer_id, principal.team_id)
    # as a cascadeOnDelete() foreign key would: the customer's invoices go with it
    ctx.db.execute("DELETE FROM invoices WHERE customer_id = ?", (row["id"],))
    ctx.db.execute("DELETE FROM customers WHERE id = ?", (row["id"],))
    ctx.bus.publish(DomainEvent(row["team_id"], "customer.deleted", render_customer(row)))
    if ctx.defects.on("customer_delete_returns_200"):
        from reference_api.defects.contract import customer_delete_returns_200

        return customer_delete_returns_200(one(ctx, render_customer(row)))
    return Response(status_code=204)
