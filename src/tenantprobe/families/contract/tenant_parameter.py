"""The tenant parameter in generated cases: never generated, always the recipient's own tenant.

A generated organisation slug names a tenant that does not exist: the request tests nothing but
the 404 of an unknown tenant. So schemathesis gets the parameter as a fixed value, each case is
pointed at its recipient's own tenant before it is sent, and a case whose tenant parameter was
generated anyway (an invalid-data case of the coverage phase mutates it) is not sent at all.
The same holds for a header or query tenant selector and for every header a principal's
configuration pins: the harness sets them, so a case made invalid only there is not sent.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.carrier import tenant_of_value, tenant_value
from tenantprobe.core.config import Principal
from tenantprobe.core.state import RunState


def fixed_tenant_parameter(state: RunState) -> dict[str, Any]:
    """schemathesis settings that fix the tenant path parameter (to the first tenant's value)."""
    carrier = state.carrier
    if carrier is None or carrier.kind not in ("path", "header", "query"):
        return {}
    first = next(iter(state.config.tenants))
    fixed = tenant_value(state.config, state.knowledge, carrier, first)
    if carrier.kind != "path" and fixed is None:
        return {}  # a selector by id, the id not given up front: generated, then set per principal
    return {"parameters": {f"{carrier.kind}.{carrier.name}": fixed or state.config.tenants[first].key}}


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
    if carrier is None or carrier.kind not in ("path", "query"):
        return  # a header selector is set with the principal's credential (`auth_headers`)
    values = case.path_parameters if carrier.kind == "path" else case.query
    if carrier.name not in (values or {}):
        return
    own = tenant_value(state.config, state.knowledge, carrier, principal.tenant)
    if own is not None:
        values[carrier.name] = own


def invalid_only_where_harness_sets(state: RunState, case: Any, harness_headers: set[str]) -> bool:
    """Whether a negative case is invalid only in what the harness overwrites before sending.

    ``harness_headers`` are the header names (any case) the recipients' credentials set: the
    tenant selector, pinned headers. Overwritten with valid values, such a case is valid data:
    judging its acceptance would blame the API for the harness's own fix.
    """
    controlled = {name.lower() for name in harness_headers}
    carrier = state.carrier
    if carrier is not None and carrier.kind == "header":
        controlled.add(carrier.name.lower())
    meta = getattr(case, "meta", None)
    data = getattr(getattr(meta, "phase", None), "data", None)
    location = _value(getattr(data, "parameter_location", None))
    parameter = getattr(data, "parameter", None)
    if location == "header" and isinstance(parameter, str):
        return parameter.lower() in controlled
    if location == "query" and carrier is not None and carrier.kind == "query":
        return parameter == carrier.name
    components = getattr(meta, "components", None) or {}
    negative = {_value(place) for place, info in components.items() if _value(info.mode) == "negative"}
    if negative != {"header"}:
        return False
    return any(name.lower() in controlled for name in (case.headers or {}))


def _value(enum_or_text: Any) -> Any:
    return getattr(enum_or_text, "value", enum_or_text)


def _mutated_parameter(case: Any) -> str | None:
    """The path parameter an invalid-data (coverage-phase) case was made by changing, if any."""
    data = getattr(getattr(getattr(case, "meta", None), "phase", None), "data", None)
    location = getattr(data, "parameter_location", None)
    if getattr(location, "value", location) != "path":
        return None
    parameter = getattr(data, "parameter", None)
    return parameter if isinstance(parameter, str) else None
