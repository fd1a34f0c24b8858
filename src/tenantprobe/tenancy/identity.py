"""The identity probe: who each principal is, as the target sees it (tenant id, roles, permissions)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.envelope import Envelope
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.state import RunState

_MISSING = object()


def resolve_pointer(document: Any, pointer: str | None) -> Any:
    """The value at a JSON pointer (RFC 6901), or ``None`` when absent."""
    if pointer is None:
        return None
    value = document
    for raw in pointer.split("/")[1:] if pointer else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            value = _MISSING
        if value is _MISSING:
            return None
    return value


@dataclass
class IdentityResult:
    principal: str
    status: int | None
    tenant_id: str | None = None
    tenant_key: str | None = None
    user_id: str | None = None
    roles: list[str] = field(default_factory=list)
    permissions: list[str] = field(default_factory=list)
    exchange: Exchange | None = None
    error: str = ""

    @property
    def authenticated(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def probe_identity(
    state: RunState, principal: Principal, headers: dict[str, str] | None = None
) -> IdentityResult:
    """Ask the identity probe as ``principal``; network errors become a result, not an exception."""
    identity = state.config.identity
    if identity is None:
        return IdentityResult(principal.id, None, error="tenants.yaml has no `identity` block")
    token = state.tokens.get(principal.id)
    with TargetClient(state.config, state.routes, principal, token=token) as client:
        try:
            response = client.get(identity.path, check=False, headers=headers)
        except httpx.HTTPError as exc:
            return IdentityResult(principal.id, None, error=f"{exc.__class__.__name__}: {exc}")
        exchange = client.last
    body = exchange.json() if exchange else None
    result = IdentityResult(principal.id, response.status_code, exchange=exchange)
    if result.authenticated and isinstance(body, dict):
        envelope = state.envelope("GET", identity.path)
        tenant_id = pointer_in(envelope, body, identity.tenant_id)
        result.tenant_id = None if tenant_id is None else str(tenant_id)
        key = pointer_in(envelope, body, identity.tenant_key)
        result.tenant_key = None if key is None else str(key)
        user = pointer_in(envelope, body, identity.user_id)
        result.user_id = None if user is None else str(user)
        result.roles = _names(pointer_in(envelope, body, identity.roles))
        result.permissions = _names(pointer_in(envelope, body, identity.permissions))
    return result


def pointer_in(envelope: Envelope, body: Any, pointer: str | None) -> Any:
    """The value at ``pointer`` in the body; else at ``pointer`` inside the envelope's object, so
    ``/team/id`` and ``/data/team/id`` both read ``{"data": {"team": {"id": ...}}}``."""
    value = resolve_pointer(body, pointer)
    if value is None and envelope.object:
        value = resolve_pointer(envelope.object_of(body), pointer)
    return value


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(item.get("name", item)) if isinstance(item, dict) else str(item) for item in value]
    return []


def discover_identities(state: RunState) -> dict[str, IdentityResult]:
    """Probe every principal once per process; learn each tenant's id from its admin."""
    if state.identities:
        return state.identities
    results = {p.id: probe_identity(state, p) for p in state.config.principals(admins=True)}
    for tenant in state.config.tenants.values():
        admin = results[tenant.admin.id]
        if admin.tenant_id is not None:
            state.knowledge.tenant_ids[tenant.name] = admin.tenant_id
    state.identities = results
    return results
