"""Passive scoping checks: run on every response any suite sees."""

from __future__ import annotations

from tenantprobe.core.checks import CheckContext, passive_check
from tenantprobe.core.exchange import Exchange
from tenantprobe.families.scoping import FAMILY, TENANT_ISOLATION
from tenantprobe.tenancy.leaks import find_leaks
from tenantprobe.tenancy.membership import selected_tenant

_SHOWN = 3  # leaks listed in a message; the rest are counted


@passive_check(FAMILY)
def tenant_isolation(ctx: CheckContext, exchange: Exchange) -> None:
    """A principal never receives the canary, object id or tenant id of a tenant other than the one its
    request acts in: its own, or one of its other tenants (``roles_in``) that it selected."""
    principal = ctx.principal
    if principal is None or principal.is_admin or ctx.operation in ctx.config.tenancy.shared_operations:
        return
    if not exchange.response_body:
        return
    path = ctx.operation.partition(" ")[2]
    collection = path.split("{", 1)[0].rstrip("/") or None
    knowledge = ctx.state.knowledge
    # A selector naming a tenant the principal is not in: judged against its own tenant.
    acting = selected_tenant(ctx.config, knowledge, principal, exchange) or principal.tenant
    leaks = find_leaks(knowledge, acting, exchange.response_body, collection=collection)
    if not leaks:
        return
    where = "" if acting == principal.tenant else f" acting in `{acting}`"
    shown = "; ".join(leaks[:_SHOWN]) + (f"; and {len(leaks) - _SHOWN} more" if len(leaks) > _SHOWN else "")
    raise ctx.fail(
        TENANT_ISOLATION,
        FAMILY,
        f"`{principal.id}`{where} received another tenant's data from `{ctx.operation}` "
        f"(`{exchange.status}`): {shown}",
        exchange,
    )
