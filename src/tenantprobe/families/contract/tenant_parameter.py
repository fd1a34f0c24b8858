"""The tenant path parameter in generated cases: never generated, always the recipient's own tenant.

A generated organisation slug names a tenant that does not exist: the request tests nothing but
the 404 of an unknown tenant. So schemathesis gets the parameter as a fixed value, each case is
pointed at its recipient's own tenant before it is sent, and a case whose tenant parameter was
generated anyway (an invalid-data case of the coverage phase mutates it) is not sent at all.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.carrier import tenant_of_value, tenant_value
from tenantprobe.core.config import Principal
from tenantprobe.core.state import RunState


def fixed_tenant_parameter(state: RunState) -> dict[str, Any]:
    """schemathesis settings that fix the tenant path parameter (to the first tenant's value)."""
    carrier = state.carrier
    if carrier is None or carrier.kind != "path":
        return {}
    first = next(iter(state.config.tenants))
    fixed = tenant_value(state.config, state.knowledge, carrier, first) or state.config.tenants[first].key
    return {"parameters": {f"path.{carrier.name}": fixed}}


def names_a_made_up_tenant(state: RunState, case: Any) -> bool:
    """Whether the case's tenant parameter names no tenant of the run (generation changed it)."""
    carrier = state.carrier
    if carrier is None or carrier.kind != "path":
        return False
    if _mutated_parameter(case) == carrier.name:
        # An invalid-data case about the tenant: fixed back to a real tenant it is valid data, and
        # left as generated it names a tenant that does not exist.
        return True
    value = (case.path_parameters or {}).get(carrier.name)
    if value is None:
        return False
    return tenant_of_value(state.config, state.knowledge, carrier, str(value)) is None


def in_own_tenant(state: RunState, case: Any, principal: Principal) -> None:
    """Point the case's tenant path parameter at ``principal``'s own tenant."""
    carrier = state.carrier
    if carrier is None or carrier.kind != "path" or carrier.name not in (case.path_parameters or {}):
        return
    own = tenant_value(state.config, state.knowledge, carrier, principal.tenant)
    if own is not None:
        case.path_parameters[carrier.name] = own


def _mutated_parameter(case: Any) -> str | None:
    """The path parameter an invalid-data (coverage-phase) case was made by changing, if any."""
    data = getattr(getattr(getattr(case, "meta", None), "phase", None), "data", None)
    location = getattr(data, "parameter_location", None)
    if getattr(location, "value", location) != "path":
        return None
    parameter = getattr(data, "parameter", None)
    return parameter if isinstance(parameter, str) else None
