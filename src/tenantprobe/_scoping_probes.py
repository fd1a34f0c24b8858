"""Cross-tenant probes by id: one attacker, one victim tenant, one operation, judged as data.

Reads must be refused with ``tenancy.cross_tenant_status``; a 2xx or a body with the victim's data
is a finding. Writes are also confirmed by the victim: its admin reads the object before and after,
and any change or disappearance is a finding even when the status looked right.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tenantprobe._canaries import CanarySet
from tenantprobe._client import TargetClient
from tenantprobe._config import Principal
from tenantprobe._failures import ProbeFailure
from tenantprobe._leaks import find_leaks
from tenantprobe._pairing import Pairing
from tenantprobe._scoping_bodies import build_body
from tenantprobe._scoping_spec import (
    Operation,
    collection_for_field,
    fill_path,
    find_operation,
    item_path,
    json_body_schema,
    list_operations,
)
from tenantprobe._state import RunState

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class ProbeKit:
    """What every scoping or RBAC probe needs: the run, the canaries, a client per principal."""

    state: RunState
    canaries: CanarySet
    client_for: Callable[[Principal], TargetClient]

    def admin(self, tenant: str) -> TargetClient:
        return self.client_for(self.state.config.tenants[tenant].admin)

    def collections(self) -> list[str]:
        return sorted({op.path for op in list_operations(self.state.spec)}, key=len, reverse=True)

    def object_id(self, tenant: str, collection: str | None, *, created_only: bool = False) -> str | None:
        """An id of ``tenant`` in ``collection``: a planted object first (the run may change those)."""
        if collection is None:
            return None
        planted = [p.id for p in self.canaries.planted if p.tenant == tenant and p.collection == collection]
        if planted or created_only:
            return planted[0] if planted else None
        ids = self.canaries.ids_of(tenant, collection)
        return ids[0] if ids else None

    def path_values(self, operation: Operation, tenant: str, *, created_only: bool = False) -> dict[str, str]:
        """``tenant``'s ids for every path parameter; empty when one is unknown."""
        values: dict[str, str] = {}
        prefix = ""
        for segment in operation.path.split("/")[1:]:
            if segment.startswith("{") and segment.endswith("}"):
                value = self.object_id(tenant, prefix or None, created_only=created_only)
                if value is None:
                    return {}
                values[segment[1:-1]] = value
            prefix += "/" + segment
        return values

    def body_for(
        self, operation: Operation, tenant: str, marker: str, skip: frozenset[str] = frozenset()
    ) -> Any:
        """A valid JSON body whose strings carry ``marker`` and whose references are ``tenant``'s."""
        schema = json_body_schema(self.state.spec, operation)
        if schema is None:
            return None
        collections = self.collections()

        def ref(name: str) -> Any:
            value = self.object_id(tenant, collection_for_field(collections, name))
            return typed_id(value) if value is not None else None

        def strings(_name: str) -> str:
            return marker

        tenant_field = self.state.config.tenancy.tenant_field
        skipped = skip | ({tenant_field} if tenant_field else set())
        return build_body(self.state.spec, schema, strings, ref, skip=frozenset(skipped))


def typed_id(value: str) -> Any:
    return int(value) if value.isdigit() else value


def probe_marker() -> str:
    return f"tp-probe-{secrets.token_hex(4)}"


def status_text(response: httpx.Response) -> str:
    return f"{response.status_code} {response.reason_phrase}".strip()


def cross_tenant_access(kit: ProbeKit, pairing: Pairing) -> list[ProbeFailure]:
    """The attacker sends the operation with the victim's ids; refused, leak-free, nothing changed."""
    state, attacker, victim = kit.state, pairing.attacker, pairing.victim
    method, _, template = pairing.operation.partition(" ")
    operation = find_operation(state.spec, method, template)
    if operation is None:
        return []
    writes = method in WRITE_METHODS
    values = kit.path_values(operation, victim, created_only=writes and method == "DELETE")
    if not values:
        raise LookupError(f"no object of `{victim}` is known for `{pairing.operation}`")
    path = fill_path(template, values)
    reader = _reader_path(state, operation, values)
    before = _read(kit.admin(victim), reader) if reader else None
    if reader and before is None:
        # A refusal of an object that is not there proves nothing (another suite may have removed it).
        raise LookupError(f"`{victim}`'s object is gone before the probe (its admin reads `{reader}`)")
    body = kit.body_for(operation, attacker.tenant, probe_marker()) if method != "DELETE" else None
    client = kit.client_for(attacker)
    kwargs: dict[str, Any] = {"json": body} if body is not None else {}
    response = client.request(method, path, operation=pairing.operation, check=False, **kwargs)
    exchange = client.last
    expected = state.config.tenancy.cross_tenant_status
    failures = []

    def fail(message: str) -> None:
        failures.append(
            ProbeFailure(
                family="scoping",
                check="cross_tenant_access_refused",
                message=message,
                operation=pairing.operation,
                principal=attacker.id,
                exchange=exchange,
            )
        )

    subject = f"`{pairing.operation}` as `{attacker.id}` with `{victim}`'s id"
    if 200 <= response.status_code < 300:
        wanted = " or ".join(str(code) for code in expected)
        fail(f"Expected {wanted}, got `{status_text(response)}` for {subject}")
    leaks = find_leaks(state.knowledge, attacker.tenant, response.content, collection=operation.collection)
    if leaks:
        fail(f"{subject}: the response carries `{victim}`'s data: " + "; ".join(leaks[:3]))
    if writes and before is not None and reader:
        after = _read(kit.admin(victim), reader)
        if after is None:
            fail(f"{subject}: `{victim}`'s object is gone afterwards (its admin reads `{reader}`: not found)")
        elif after != before:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            fail(f"{subject}: `{victim}`'s object changed afterwards ({', '.join(changed)})")
    return failures


def _reader_path(state: RunState, operation: Operation, values: dict[str, str]) -> str | None:
    """The victim's read of the object the operation targets (GET on the item path), if any."""
    collection = operation.collection
    item = item_path(state.spec, collection) if collection else None
    if item is None or "get" not in state.spec["paths"].get(item, {}):
        return None
    return fill_path(item, values)


def _read(client: TargetClient, path: str) -> dict[str, Any] | None:
    response = client.get(path, check=False)
    if response.status_code == 404 or response.status_code == 410:
        return None
    try:
        body = response.json()
    except ValueError:
        return {"__status__": response.status_code}
    return body if isinstance(body, dict) else {"__body__": body}
