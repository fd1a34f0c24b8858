"""Which tenants a principal may act in (and with which role), and which one a request selected.

A principal belongs to its own tenant and to every tenant of its ``roles_in`` (a consultant, an
agency user). With a tenant selector (``tenancy.selector``) a request picks one of them; each
response is judged against the tenant the request selected, so one of its tenants' data is never
a leak when that tenant was selected, and another tenant's data always is.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

from tenantprobe.core.config import Config, Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.state import Knowledge


def memberships(principal: Principal) -> dict[str, str]:
    """Every tenant ``principal`` may select, with its role there (its own tenant first)."""
    return {principal.tenant: principal.role, **principal.roles_in}


def selector_value(config: Config, exchange: Exchange) -> str | None:
    """The tenant selector's value in the request (a header or query parameter); None when absent."""
    selector = config.tenancy.selector
    if not selector:
        return None
    name = selector["name"]
    if selector.get("in") == "query":
        values = parse_qs(urlsplit(exchange.url).query).get(name)
        return values[0] if values else None
    return _header(exchange.request_headers, name)


def tenant_named(config: Config, knowledge: Knowledge, value: str) -> str | None:
    """The tenant a selector value names: by the id the API shows, its key, or its name."""
    with knowledge.lock:
        ids = {str(tenant_id): tenant for tenant, tenant_id in knowledge.tenant_ids.items()}
    if value in ids:
        return ids[value]
    return next((t.name for t in config.tenants.values() if value in (t.key, t.name)), None)


def selected_tenant(
    config: Config, knowledge: Knowledge, principal: Principal, exchange: Exchange
) -> str | None:
    """The tenant the request acts in: its own without a selector, the selected one when it is a member
    there; None when the selector names a tenant the principal does not belong to (or none known)."""
    value = selector_value(config, exchange)
    if value is None:
        return principal.tenant
    named = tenant_named(config, knowledge, value)
    return named if named in memberships(principal) else None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    return next((value for key, value in headers.items() if key.lower() == lowered), None)
