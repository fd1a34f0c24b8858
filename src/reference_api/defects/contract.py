"""Defects the contract family must catch: the API breaks its own OpenAPI description."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse, Response

from reference_api.defects import defect


@defect("invoice_amount_decimal_string", "contract")
def invoice_amount_decimal_string(invoice: dict[str, Any]) -> dict[str, Any]:
    """Invoice ``amount`` is rendered as a decimal string (``"1250.00"``), not integer minor units.

    A ``decimal:2`` model cast crept in; the spec says integer. The contract family must catch it
    (response schema conformance).
    """
    return {**invoice, "amount": f"{invoice['amount'] / 100:.2f}"}


@defect("search_quote_server_error", "contract")
def search_quote_server_error(search: str) -> str:
    """``GET /customers?search=`` interpolates the term into SQL: a term with ``'`` answers 500.

    The query is built with an f-string instead of bindings, so an apostrophe (``O'Brien``) breaks
    the statement. The contract family must catch it (no 5xx on any valid input).
    """
    return f"(name LIKE '%{search}%' OR email LIKE '%{search}%')"


@defect("customer_delete_returns_200", "contract")
def customer_delete_returns_200(customer: dict[str, Any]) -> Response:
    """``DELETE /customers/{id}`` answers 200 with the deleted row; the spec documents only 204.

    The contract family must catch it (status code conformance).
    """
    return JSONResponse(customer, status_code=200)


@defect("per_page_unbounded", "contract")
def per_page_unbounded() -> None:
    """``per_page`` above the documented maximum of 100 is accepted instead of rejected with 422.

    The ``max:100`` rule was dropped, so one request can pull a whole table. The contract family
    must catch it (negative data must be rejected). List handlers skip the upper bound when on.
    """
