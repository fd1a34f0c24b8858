"""The identity probe: who each principal is, as the target sees it (tenant id, roles, permissions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Identity, Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.state import RunState
from tenantprobe.tenancy.identity_shapes import (
    memberships_by_tenant,
    resolve_pointer,
    role_names,
    unmatched_pointers,
)

__all__ = ["IdentityResult", "discover_identities", "probe_identity", "read_identity", "resolve_pointer"]


@dataclass
class IdentityResult:
    principal: str
    status: int | None
    tenant_id: str | None = None
    tenant_key: str | None = None
    user_id: str | None = None
    roles: list[str] = field(default_factory=list)
    permissions: list[str] = field(default_factory=list)
    memberships: dict[str, list[str]] = field(default_factory=dict)  # tenant key or id -> roles there
    unmatched: list[str] = field(default_factory=list)  # config keys whose pointer matched nothing
    exchange: Exchange | None = None
    error: str = ""

    def roles_in(self, *names: str | None) -> list[str] | None:
        """The roles the memberships list for a tenant named by any of ``names`` (key, id); None if absent."""
        for name in names:
            if name is not None and name in self.memberships:
                return self.memberships[name]
        return None

    @property
    def authenticated(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def probe_identity(
    state: RunState,
    principal: Principal,
    headers: dict[str, str] | None = None,
    *,
    path: str | None = None,
    params: dict[str, str] | None = None,
    client: TargetClient | None = None,
) -> IdentityResult:
    """Ask the identity probe as ``principal`` (at ``path`` when it is moved into another tenant), on
    ``client`` when given (a probe's own, e.g. reaching a test's transport), else on a client of its own;
    network errors become a result, not an exception."""
    identity = state.config.identity
    if identity is None:
        return IdentityResult(principal.id, None, error="tenants.yaml has no `identity` block")
    target = path or identity.path
    if client is not None:
        return _ask_identity(client, principal, identity, target, headers, params)
    with TargetClient(state.config, state.routes, principal, token=state.tokens.get(principal.id)) as own:
        return _ask_identity(own, principal, identity, target, headers, params)


def _ask_identity(
    client: TargetClient,
    principal: Principal,
    identity: Identity,
    path: str,
    headers: dict[str, str] | None,
    params: dict[str, str] | None,
) -> IdentityResult:
    try:
        response = client.get(path, check=False, headers=headers, params=params)
    except httpx.HTTPError as exc:
        return IdentityResult(principal.id, None, error=f"{exc.__class__.__name__}: {exc}")
    exchange = client.last
    body = exchange.json() if exchange else None
    result = IdentityResult(principal.id, response.status_code, exchange=exchange)
    if result.authenticated and isinstance(body, dict):
        read_identity(result, body, identity)
    return result


def read_identity(result: IdentityResult, body: Any, identity: Identity) -> None:
    """Fill ``result`` from the identity answer as tenants.yaml's pointers say."""
    # With a tenant source, the tenant id is read from that answer (`discover_identities`), not here.
    tenant_pointer = None if identity.tenant_source else identity.tenant_id
    tenant_id = resolve_pointer(body, tenant_pointer)
    result.tenant_id = None if tenant_id is None else str(tenant_id)
    key = resolve_pointer(body, identity.tenant_key)
    result.tenant_key = None if key is None else str(key)
    user = resolve_pointer(body, identity.user_id)
    result.user_id = None if user is None else str(user)
    result.roles = role_names(resolve_pointer(body, identity.roles))
    result.permissions = role_names(resolve_pointer(body, identity.permissions))
    pointers = {
        "identity.tenant_id": tenant_pointer,
        "identity.tenant_key": identity.tenant_key,
        "identity.user_id": identity.user_id,
        "identity.roles": identity.roles,
        "identity.permissions": identity.permissions,
    }
    if identity.memberships:
        result.memberships = memberships_by_tenant(body, identity.memberships)
        pointers["identity.memberships.items"] = identity.memberships["items"]
    result.unmatched = unmatched_pointers(body, pointers)


def discover_identities(state: RunState) -> dict[str, IdentityResult]:
    """Probe every principal once per process; learn each tenant's id from its admin."""
    if state.identities:
        return state.identities
    results = {p.id: probe_identity(state, p) for p in state.config.principals(admins=True)}
    identity = state.config.identity
    for tenant in state.config.tenants.values():
        admin = results[tenant.admin.id]
        if identity is not None and identity.tenant_source and admin.authenticated:
            admin.tenant_id = _tenant_id_from_source(state, tenant.admin, identity)
        if admin.tenant_id is not None and tenant.id is None:  # a given id stays (preflight compares)
            state.knowledge.tenant_ids[tenant.name] = admin.tenant_id
    state.identities = results
    return results


def _tenant_id_from_source(state: RunState, admin: Principal, identity: Identity) -> str | None:
    """The tenant's id from ``identity.tenant_source`` (sent in the admin's own tenant), if it answers."""
    _method, _, path = str(identity.tenant_source).partition(" ")
    with TargetClient(state.config, state.routes, admin, token=state.tokens.get(admin.id)) as client:
        try:
            response = client.get(path, check=False)
        except httpx.HTTPError:
            return None
        exchange = client.last
    if not 200 <= response.status_code < 300 or exchange is None:
        return None
    value = resolve_pointer(exchange.json(), identity.tenant_id)
    return None if value is None else str(value)
