"""Which tenants a principal may act in (and with which role), and which one a request selected.

A principal belongs to its own tenant and to every tenant of its ``roles_in`` (a consultant, an
agency user). A request picks one of them with the path's tenant parameter (``/orgs/{org}/…``) or a
tenant selector (``tenancy.selector``); each response is judged against the tenant the request
selected, so one of its tenants' data is never a leak when that tenant was selected, and another
tenant's data always is.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

from tenantprobe.core.config import Config, Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.state import Knowledge, RunState
from tenantprobe.tenancy.carrier import tenant_named_in_url


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
    state: RunState, principal: Principal, exchange: Exchange, template: str | None = None
) -> str | None:
    """The tenant the request acts in: the one its path names (``template`` is the operation's path),
    else the one its selector names, else its own; None when that tenant is not one the principal
    belongs to (or not one the run knows)."""
    in_path = tenant_named_in_url(state, template, exchange.url) if template else None
    if in_path is not None:
        named = in_path[1]
    else:
        value = selector_value(state.config, exchange)
        if value is None:
            return principal.tenant
        named = tenant_named(state.config, state.knowledge, value)
    return named if named in memberships(principal) else None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    lowered = name.lower()
    return next((value for key, value in headers.items() if key.lower() == lowered), None)
