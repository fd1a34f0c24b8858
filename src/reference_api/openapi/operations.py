"""The core paths of the spec. Each operation lists every status it can answer and its permission."""

from __future__ import annotations

from typing import Any

from reference_api.openapi.common import SECURITY_SCHEME, Spec, error_responses, json_response, ref
from reference_api.openapi.schemas import INVOICE_STATUSES, MAX_PAGE, MAX_PER_PAGE, id_schema
from reference_api.settings import Settings

AUTH_ERRORS = (401, 403, 429)


def _operation(
    settings: Settings,
    operation_id: str,
    summary: str,
    tag: str,
    ok: tuple[int, str | None],
    *,
    permission: str | None = None,
    body: str | None = None,
    parameters: list[Spec] | None = None,
    errors: tuple[int, ...] = AUTH_ERRORS,
    links: Spec | None = None,
) -> Spec:
    status, schema_name = ok
    success = json_response(settings, status, summary, ref(schema_name) if schema_name else None)
    if links:
        success["links"] = links
    operation: Spec = {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        "security": [{SECURITY_SCHEME: []}],
        "responses": {str(status): success, **error_responses(settings, *sorted(set(errors)))},
    }
    if permission:
        operation["x-permission"] = permission
        operation["description"] = f"Requires the `{permission}` permission in the current team."
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    return operation


def _path_id(settings: Settings, name: str) -> Spec:
    return {"name": name, "in": "path", "required": True, "schema": id_schema(settings.ids)}


def _query(name: str, schema: Spec, description: str) -> Spec:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _paging() -> list[Spec]:
    return [
        _query("page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "1-based page."),
        _query(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 15},
            "Items per page.",
        ),
    ]


def _search(what: str) -> Spec:
    return _query("search", {"type": "string", "maxLength": 255}, f"Case-insensitive substring of {what}.")


def _links(operations: dict[str, str], parameter: str) -> Spec:
    return {
        name: {"operationId": operation_id, "parameters": {parameter: "$response.body#/id"}}
        for name, operation_id in operations.items()
    }


def core_paths(settings: Settings) -> dict[str, Any]:
    s = settings
    customer_id, invoice_id, member_id = (
        _path_id(s, "customer_id"),
        _path_id(s, "invoice_id"),
        _path_id(s, "member_id"),
    )
    with_id = (*AUTH_ERRORS, 404)
    return {
        "/api/v1/me": {
            "get": _operation(
                s, "getMe", "The caller, the current team, roles and permissions in it", "me", (200, "Me")
            ),
            "patch": _operation(
                s,
                "updateMe",
                "Rename the caller",
                "me",
                (200, "Me"),
                body="MeUpdate",
                errors=(*AUTH_ERRORS, 422),
            ),
        },
        "/api/v1/team": {
            "get": _operation(s, "showTeam", "The current team", "team", (200, "Team")),
            "patch": _operation(
                s,
                "updateTeam",
                "Change the team's name, currency or timezone",
                "team",
                (200, "Team"),
                permission="team.update",
                body="TeamUpdate",
                errors=(*AUTH_ERRORS, 422),
            ),
        },
        "/api/v1/customers": {
            "get": _operation(
                s,
                "listCustomers",
                "List the team's customers",
                "customers",
                (200, "CustomerList"),
                permission="customers.view",
                errors=(*AUTH_ERRORS, 422),
                parameters=[
                    *_paging(),
                    _search("name or email"),
                    _query("email", {"type": "string", "maxLength": 255}, "Exact email address."),
                ],
            ),
            "post": _operation(
                s,
                "createCustomer",
                "Create a customer",
                "customers",
                (201, "Customer"),
                permission="customers.create",
                body="CustomerCreate",
                errors=(*AUTH_ERRORS, 422),
                links=_links(
                    {
                        "ShowCustomer": "showCustomer",
                        "UpdateCustomer": "updateCustomer",
                        "DeleteCustomer": "deleteCustomer",
                        "ListCustomerInvoices": "listInvoices",
                    },
                    "customer_id",
                ),
            ),
        },
        "/api/v1/customers/{customer_id}": {
            "parameters": [customer_id],
            "get": _operation(
                s,
                "showCustomer",
                "Show a customer",
                "customers",
                (200, "Customer"),
                permission="customers.view",
                errors=with_id,
            ),
            "patch": _operation(
                s,
                "updateCustomer",
                "Update a customer",
                "customers",
                (200, "Customer"),
                permission="customers.update",
                body="CustomerUpdate",
                errors=(*with_id, 422),
            ),
            "delete": _operation(
                s,
                "deleteCustomer",
                "Delete a customer and its invoices",
                "customers",
                (204, None),
                permission="customers.delete",
                errors=with_id,
            ),
        },
        "/api/v1/invoices": {
            "get": _operation(
                s,
                "listInvoices",
                "List the team's invoices",
                "invoices",
                (200, "InvoiceList"),
                permission="invoices.view",
                errors=(*AUTH_ERRORS, 422),
                parameters=[
                    *_paging(),
                    _search("the description"),
                    _query("status", {"type": "string", "enum": list(INVOICE_STATUSES)}, "Only this status."),
                    _query("customer_id", id_schema(s.ids), "Only this customer's invoices."),
                ],
            ),
            "post": _operation(
                s,
                "createInvoice",
                "Create a draft invoice in the team's currency",
                "invoices",
                (201, "Invoice"),
                permission="invoices.create",
                body="InvoiceCreate",
                errors=(*with_id, 422),
                links=_links(
                    {
                        "ShowInvoice": "showInvoice",
                        "UpdateInvoice": "updateInvoice",
                        "VoidInvoice": "voidInvoice",
                    },
                    "invoice_id",
                ),
            ),
        },
        "/api/v1/invoices/{invoice_id}": {
            "parameters": [invoice_id],
            "get": _operation(
                s,
                "showInvoice",
                "Show an invoice",
                "invoices",
                (200, "Invoice"),
                permission="invoices.view",
                errors=with_id,
            ),
            "patch": _operation(
                s,
                "updateInvoice",
                "Change a draft or open invoice",
                "invoices",
                (200, "Invoice"),
                permission="invoices.update",
                body="InvoiceUpdate",
                errors=(*with_id, 409, 422),
            ),
        },
        "/api/v1/invoices/{invoice_id}/void": {
            "parameters": [invoice_id],
            "post": _operation(
                s,
                "voidInvoice",
                "Void an invoice (idempotent; a paid invoice cannot be voided)",
                "invoices",
                (200, "Invoice"),
                permission="invoices.void",
                errors=(*with_id, 409),
            ),
        },
        "/api/v1/members": {
            "get": _operation(
                s,
                "listMembers",
                "List the team's members and their roles",
                "members",
                (200, "MemberList"),
                permission="members.view",
            ),
        },
        "/api/v1/members/{member_id}": {
            "parameters": [member_id],
            "patch": _operation(
                s,
                "updateMember",
                "Change a member's role (never above your own, never your own)",
                "members",
                (200, "Member"),
                permission="members.manage",
                body="MemberUpdate",
                errors=(*with_id, 422),
            ),
        },
    }
