"""Response envelopes of the chosen style: how one object and how a list of objects are wrapped.

Errors, the health check, the payment callback's answer and Pusher channel auth are never wrapped
(Laravel wraps API Resources only); ``openapi/envelopes.py`` describes the same shapes in the spec.
"""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from reference_api.context import AppContext
from reference_api.queries import Page


def one(ctx: AppContext, body: dict[str, Any]) -> dict[str, Any]:
    """A single object: ``{"data": {...}}`` for API Resources, else the object itself."""
    return {"data": body} if ctx.settings.style.envelope == "data" else body


def unpaged(ctx: AppContext, items: list[dict[str, Any]]) -> dict[str, Any]:
    """A whole, unpaginated collection (``Resource::collection($all)``)."""
    if ctx.settings.style.envelope == "items":
        return {"items": items, "next_cursor": None}
    return {"data": items}


def paged(
    ctx: AppContext, request: Request, items: list[dict[str, Any]], page: Page, total: int
) -> dict[str, Any]:
    """One page of a collection, with the pagination metadata of the style."""
    envelope = ctx.settings.style.envelope
    if envelope == "data":
        return {"data": items, **laravel_pagination(request, items, page, total)}
    if envelope == "items":
        more = page.offset + len(items) < total
        return {"items": items, "next_cursor": str(page.page + 1) if more else None}
    return {"data": items, "meta": {"page": page.page, "per_page": page.per_page, "total": total}}


def laravel_pagination(request: Request, items: list[Any], page: Page, total: int) -> dict[str, Any]:
    """``links`` and ``meta`` as a LengthAwarePaginator in an API Resource collection renders them."""
    path = str(request.url.replace(query=""))
    last = max(1, math.ceil(total / page.per_page))
    # ``->withQueryString()``: every link keeps the request's other parameters (filters, per_page)
    kept = [
        (key, value) for key, value in request.query_params.multi_items() if key not in ("page", "cursor")
    ]

    def link(number: int) -> str:
        return f"{path}?{urlencode([*kept, ('page', number)])}"

    def url(number: int) -> str | None:
        return link(number) if 1 <= number <= last else None

    # past the last page Laravel still links back one page, never forward
    prev = link(page.page - 1) if page.page > 1 else None
    links = {"first": url(1), "last": url(last), "prev": prev, "next": url(page.page + 1)}
    first_index = page.offset + 1 if items else None
    meta = {
        "current_page": page.page,
        "from": first_index,
        "last_page": last,
        "links": [
            {"url": prev, "label": "&laquo; Previous", "active": False},
            *(
                {"url": url(n), "label": str(n), "active": n == page.page}
                for n in range(1, min(last, 10) + 1)
            ),
            {"url": url(page.page + 1), "label": "Next &raquo;", "active": False},
        ],
        "path": path,
        "per_page": page.per_page,
        "to": page.offset + len(items) if items else None,
        "total": total,
    }
    return {"links": links, "meta": meta}
