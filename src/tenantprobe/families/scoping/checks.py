"""Passive scoping checks: run on every response any suite sees."""

from __future__ import annotations

from tenantprobe.core.checks import CheckContext, passive_check
from tenantprobe.core.exchange import Exchange
from tenantprobe.families.scoping import FAMILY, TENANT_ISOLATION
from tenantprobe.tenancy.leaks import find_leaks

_SHOWN = 3  # leaks listed in a message; the rest are counted


@passive_check(FAMILY)
def tenant_isolation(ctx: CheckContext, exchange: Exchange) -> None:
    """A principal of one tenant never receives another tenant's canary, object id or tenant id."""
    principal = ctx.principal
    if principal is None or principal.is_admin or ctx.operation in ctx.config.tenancy.shared_operations:
        return
    if not exchange.response_body:
        return
    path = ctx.operation.partition(" ")[2]
    collection = path.split("{", 1)[0].rstrip("/") or None
    leaks = find_leaks(ctx.state.knowledge, principal.tenant, exchange.response_body, collection=collection)
    if not leaks:
        return
    shown = "; ".join(leaks[:_SHOWN]) + (f"; and {len(leaks) - _SHOWN} more" if len(leaks) > _SHOWN else "")
    raise ctx.fail(
        TENANT_ISOLATION,
        FAMILY,
        f"`{principal.id}` received another tenant's data from `{ctx.operation}` "
        f"(`{exchange.status}`): {shown}",
        exchange,
    )
