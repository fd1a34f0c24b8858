"""The run's tenant carrier: declared in tenants.yaml, else read from the spec, then bound to the spec.

``tenancy.carrier`` (or the header/query ``tenancy.selector``) wins; without one, a path parameter
most operations share and named like a tenant is taken as the carrier (``tenantprobe doctor`` says
which); without either, requests name no tenant and the credential's own tenant applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from tenantprobe.core.carrier import fill_tenant, placeholder, tenant_of_value, tenant_value
from tenantprobe.core.config import Carrier, Config
from tenantprobe.core.state import RunState
from tenantprobe.openapi.tenant_parameter import bind_tenant_parameter, detect_tenant_parameter


def effective_carrier(config: Config, spec: dict[str, Any]) -> Carrier | None:
    declared = config.tenancy.carrier
    if declared is not None:
        return declared
    detected = detect_tenant_parameter(spec)
    if detected is not None:
        share = f"the spec: {detected.share:.0%} of the operations take it"
        return Carrier("path", detected.name, "key" if detected.value == "key" else "id", source=share)
    return None


def bind_carrier(state: RunState) -> Carrier | None:
    """Learn the run's carrier and tell the spec reader which path parameter is the tenant."""
    carrier = effective_carrier(state.config, state.spec)
    state.carrier = carrier
    bind_tenant_parameter(state.spec, carrier.name if carrier and carrier.kind == "path" else None)
    return carrier


def describe_carrier(carrier: Carrier | None) -> str:
    """One line for ``doctor`` and the run's header: where requests name their tenant."""
    if carrier is None:
        return "tenant carrier: none (each credential acts in its own tenant)"
    return f"tenant carrier: {carrier.label}"


def path_in(state: RunState, template: str, tenant: str) -> str:
    """``template`` with the tenant carrier filled for ``tenant`` (deliberately: not the sender's own)."""
    if state.carrier is None:
        return template
    return fill_tenant(
        template, state.carrier, tenant_value(state.config, state.knowledge, state.carrier, tenant)
    )


@dataclass(frozen=True)
class Switch:
    """A request moved into a chosen tenant: its path, and the headers or query that name the tenant."""

    path: str
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)


def in_tenant(state: RunState, template: str, tenant: str, *, value: str | None = None) -> Switch | None:
    """``template`` sent in ``tenant`` (or under the raw carrier ``value``, e.g. a made-up tenant);
    None when the carrier cannot name it (no carrier, its id unknown, or a path without the parameter)."""
    carrier = state.carrier
    if carrier is None or carrier.kind in ("none", "subdomain"):
        return None
    named = value if value is not None else tenant_value(state.config, state.knowledge, carrier, tenant)
    if named is None:
        return None
    if carrier.kind == "path":
        mark = placeholder(carrier)
        return Switch(fill_tenant(template, carrier, named)) if mark and mark in template else None
    if carrier.kind == "header":
        return Switch(template, headers={carrier.name: named})
    return Switch(template, params={carrier.name: named})


def carrier_values(state: RunState, tenant: str) -> dict[str, str]:
    """``{org: "acme"}``: the carrier's placeholder for tenants.yaml templates (triggers, set-up steps)."""
    carrier = state.carrier
    if carrier is None or placeholder(carrier) is None:
        return {}
    value = tenant_value(state.config, state.knowledge, carrier, tenant)
    return {} if value is None else {carrier.name: value}


def tenant_named_in_url(state: RunState, template: str, url: str) -> tuple[str, str | None] | None:
    """The tenant value a concrete URL carries where ``template`` has the carrier's placeholder, and the
    tenant it names (None for one the run does not know); None when the template has no placeholder."""
    carrier, mark = state.carrier, placeholder(state.carrier)
    if carrier is None or mark is None or mark not in template:
        return None
    pattern = re.escape(template).replace(re.escape(mark), "(?P<tenant>[^/]+)")
    pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", pattern)
    match = re.search(pattern + "$", urlsplit(url).path)
    if match is None:
        return None
    value = unquote(match.group("tenant"))
    return value, tenant_of_value(state.config, state.knowledge, carrier, value)
