"""Troubleshooting clues and actionable errors, judged on every response any suite sees.

- ``request_id_present``: the configured request-id header (tenants.yaml ``request_id.header``) is on
  every response, so each finding can be found in the target's logs.
- ``request_id_echoed``: when the client sent a request id, the response carries the same one.
- ``error_actionable``: every 4xx/5xx has a JSON body with a human-readable message; validation
  errors name the fields (shape per ``errors.format``).
"""

from __future__ import annotations

import re

from tenantprobe.core.checks import CheckContext, passive_check
from tenantprobe.core.exchange import Exchange, status_text
from tenantprobe.families.preflight import ERROR_ACTIONABLE, FAMILY, REQUEST_ID_ECHOED, REQUEST_ID_PRESENT
from tenantprobe.families.preflight.error_shape import error_shape_problem

# A request id the target may reasonably echo; odd values (generated negative data) may be replaced.
_ECHOABLE_ID = re.compile(r"[A-Za-z0-9._:\-]{1,128}")


def _who(ctx: CheckContext) -> str:
    return f" as `{ctx.principal.id}`" if ctx.principal else " anonymously"


def _sent_request_id(exchange: Exchange, header: str) -> str | None:
    lowered = header.lower()
    return next((v for k, v in exchange.request_headers.items() if k.lower() == lowered), None)


@passive_check(FAMILY)
def request_id_present(ctx: CheckContext, exchange: Exchange) -> None:
    header = ctx.config.request_id_header
    if not header or exchange.status is None or exchange.header(header):
        return
    raise ctx.fail(
        REQUEST_ID_PRESENT,
        FAMILY,
        f"Expected a `{header}` header, got none on `{status_text(exchange.status)}` for "
        f"`{ctx.operation}`{_who(ctx)}: without it this response cannot be found in the target's logs "
        f"(set the header on every response, errors included, or fix request_id.header in tenants.yaml)",
        exchange,
    )


@passive_check(FAMILY)
def request_id_echoed(ctx: CheckContext, exchange: Exchange) -> None:
    header = ctx.config.request_id_header
    if not header or exchange.status is None:
        return
    sent, received = _sent_request_id(exchange, header), exchange.header(header)
    if not sent or not received or not _ECHOABLE_ID.fullmatch(sent) or received == sent:
        return
    raise ctx.fail(
        REQUEST_ID_ECHOED,
        FAMILY,
        f"Expected `{header}: {sent}` echoed, got `{received}` on `{status_text(exchange.status)}` for "
        f"`{ctx.operation}`{_who(ctx)}: the client's id must be kept so its request can be traced",
        exchange,
    )


@passive_check(FAMILY)
def error_actionable(ctx: CheckContext, exchange: Exchange) -> None:
    status = exchange.status
    if status is None or status < 400 or exchange.method.upper() == "HEAD":
        return
    problem = error_shape_problem(
        ctx.config.error_format,
        status,
        exchange.header("content-type") or "",
        exchange.response_body,
        exchange.request_body,
    )
    if problem is None:
        return
    raise ctx.fail(
        ERROR_ACTIONABLE,
        FAMILY,
        f"Expected an actionable error body, got `{status_text(status)}` for `{ctx.operation}`"
        f"{_who(ctx)} with {problem}",
        exchange,
    )
