"""Canaries: objects each tenant's admin creates whose strings carry a marker unique to the tenant.

Planting records, per tenant, the canary strings and the ids of every object its admin can list
(seeded data included) and of every object it created, by collection, so the suites know which ids
are another tenant's and the leak detector knows what to look for. What it created goes into the
run's one ledger (``core.ledger``), marked as canaries; ``tenancy.cleanup`` removes it with the rest.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.ledger import CREATED, Created, LeftBehind, note_left_behind
from tenantprobe.core.state import RunState
from tenantprobe.openapi.bodies import build_body
from tenantprobe.openapi.envelopes import verify_envelope
from tenantprobe.openapi.operations import (
    create_operations,
    item_path,
    json_body_schema,
    list_operations,
)
from tenantprobe.openapi.references import referenced_collection
from tenantprobe.tenancy.leaks import DEFAULT_ID_FIELDS, is_id_field, record_typed_ids, walk

ClientFor = Callable[[Principal], TargetClient]


@dataclass
class CanarySet:
    """What the canaries fixture gives the suites: ids per tenant and collection, what was created."""

    ids: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # tenant -> collection -> ids
    notes: list[str] = field(default_factory=list)  # what could not be planted, and why
    config_problems: list[str] = field(default_factory=list)  # tenants.yaml says what the target does not
    unplanted: dict[tuple[str, str], str] = field(default_factory=dict)  # (tenant, collection) -> why not

    @property
    def planted(self) -> list[Created]:
        """The canaries this process planted, as the run's ledger holds them."""
        return CREATED.canaries()

    def ids_of(self, tenant: str, collection: str) -> list[str]:
        return list(self.ids.get(tenant, {}).get(collection, []))

    def missing_reason(self, tenant: str, collection: str | None, *, created_only: bool = False) -> str:
        """Why no object of ``tenant`` is known in ``collection``: the reason a probe is unproven."""
        if collection is None:
            return "the path names no collection of the spec"
        why = self.unplanted.get((tenant, collection), "")
        planted = f"no canary was planted in `{collection}`" + (f": {why}" if why else "")
        return planted if created_only else f"`{tenant}`'s admin lists none there, and {planted}"

    def not_planted(self, tenant: str, collection: str, why: str) -> None:
        self.unplanted[(tenant, collection)] = why
        self.notes.append(f"`{tenant}` in `{collection}`: {why}")

    def add(self, tenant: str, collection: str, value: str) -> None:
        bucket = self.ids.setdefault(tenant, {}).setdefault(collection, [])
        if value not in bucket:
            bucket.append(value)


def new_canary(prefix: str, tenant: str) -> str:
    return f"{prefix}-{tenant}-{secrets.token_hex(4)}"


def plant_canaries(state: RunState, client_for: ClientFor) -> CanarySet:
    """List what each tenant's admin sees, then create the canaries (unless the block disables it)."""
    block = state.config.block("canaries")
    found = CanarySet()
    id_field = str(block.get("id_field", "id"))
    for tenant in state.config.tenants.values():
        client = client_for(tenant.admin)
        _record_identities(state, tenant.name)
        for operation in list_operations(state.spec):
            _record_listing(state, found, tenant.name, client, operation.path, id_field)
        if state.config.target.mode == "production":
            _none_planted(state, found, tenant.name, "production mode plants no canaries")
        elif not block.get("enabled", True):
            _none_planted(state, found, tenant.name, "canaries are disabled (`canaries.enabled: false`)")
        else:
            _create_for_tenant(state, found, tenant.name, client, block, id_field)
    return found


def _none_planted(state: RunState, found: CanarySet, tenant: str, why: str) -> None:
    for operation in create_operations(state.spec):
        found.not_planted(tenant, operation.path, why)


def _record_identities(state: RunState, tenant: str) -> None:
    users = {r.user_id for pid, r in state.identities.items() if pid.startswith(f"{tenant}/") and r.user_id}
    state.knowledge.add_objects(tenant, {str(user) for user in users})


def _record_listing(
    state: RunState, found: CanarySet, tenant: str, client: TargetClient, path: str, id_field: str
) -> None:
    response = client.get(path, check=False)
    if not 200 <= response.status_code < 300:
        return
    try:
        body = response.json()
    except ValueError:
        return
    envelope = state.envelope("GET", path)
    problem = verify_envelope(envelope, body, listing=True)
    if problem:
        found.config_problems.append(problem)
    for item in envelope.items_of(body):
        value = envelope.field(item, id_field)
        if value is not None and not isinstance(value, bool | dict | list):
            found.add(tenant, path, str(value))
    _record_ids(state, found, tenant, path, body, id_field)


def _create_for_tenant(
    state: RunState, found: CanarySet, tenant: str, client: TargetClient, block: dict[str, Any], id_field: str
) -> None:
    chosen = set(block.get("operations", []))
    excluded = set(block.get("exclude", []))
    prefix = str(block.get("prefix", "tp"))
    collections = sorted({op.path for op in list_operations(state.spec)}, key=len, reverse=True)
    for operation in create_operations(state.spec):
        if (chosen and operation.key not in chosen) or operation.key in excluded:
            where = (
                "excluded by `canaries.exclude`"
                if operation.key in excluded
                else "not in `canaries.operations`"
            )
            found.not_planted(tenant, operation.path, f"`{operation.key}` is {where}")
            continue
        delete_path = item_path(state.spec, operation.path)
        deletable = delete_path is not None and "delete" in state.spec["paths"][delete_path]
        if not chosen and not deletable:
            # Only what the run can remove again, unless tenants.yaml asks for it.
            why = f"the spec has no DELETE for what `{operation.key}` creates"
            found.not_planted(tenant, operation.path, why)
            continue
        canary = new_canary(prefix, tenant)

        def ref(name: str) -> Any:
            # A canary planted this run first: generated writes spare it, so what refers to it stays
            # (deleting a listed object may take its dependents along, as a cascade would).
            target = referenced_collection(collections, name, state.config.tenancy.references, state.spec)
            own = [c.id for c in found.planted if c.tenant == tenant and c.collection == target]
            ids = own or (found.ids_of(tenant, target) if target else [])
            return _typed(ids[0]) if ids else None

        schema = json_body_schema(state.spec, operation) or {}
        body = build_body(state.spec, schema, _constant(canary), ref, skip=_skip(state))
        response = client.post(operation.path, json=body, check=False)
        if not 200 <= response.status_code < 300:
            why = f"`{operation.key}` as its admin answered {response.status_code}"
            found.not_planted(tenant, operation.path, why)
            continue
        created = response.json() if response.content else {}
        envelope = state.envelope(operation.method, operation.path)
        problem = verify_envelope(envelope, created, listing=False)
        if problem:
            found.config_problems.append(problem)
        value = envelope.id_of(created, id_field)
        if value is None:
            why = f"`{operation.key}` answered no `{id_field}` to remove it by"
            found.not_planted(tenant, operation.path, why)
            note_left_behind([LeftBehind(operation.key, "unknown", tenant, why)])
            continue
        state.knowledge.add_canary(tenant, canary)
        found.add(tenant, operation.path, str(value))
        _record_ids(state, found, tenant, operation.path, created, id_field)
        CREATED.mark_canary(tenant, str(response.request.url), str(value), operation.path)


def _record_ids(
    state: RunState, found: CanarySet, tenant: str, collection: str, body: Any, id_field: str
) -> None:
    """Every id-typed value of ``body`` as ``tenant``'s, typed by collection where that is known."""
    patterns = state.config.tenancy.id_fields or DEFAULT_ID_FIELDS
    tenant_field = state.config.tenancy.tenant_field
    collections = sorted({op.path for op in list_operations(state.spec)}, key=len, reverse=True)
    by_collection: dict[str, set[str]] = {collection: set(found.ids_of(tenant, collection))}
    untyped: set[str] = set()
    for _, key, value in walk(body):
        if not key or key == tenant_field or not is_id_field(key, patterns):
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            continue
        references = state.config.tenancy.references
        target = None if key == id_field else referenced_collection(collections, key, references, state.spec)
        if target is not None:
            by_collection.setdefault(target, set()).add(str(value))
        untyped.add(str(value))
    state.knowledge.add_objects(tenant, untyped)
    for name, ids in by_collection.items():
        record_typed_ids(state.knowledge, tenant, name, ids)


def _skip(state: RunState) -> frozenset[str]:
    field_name = state.config.tenancy.tenant_field
    return frozenset({field_name}) if field_name else frozenset()


def _constant(text: str) -> Callable[[str], str]:
    def strings(_name: str) -> str:
        return text

    return strings


def _typed(value: str) -> Any:
    return int(value) if value.isdigit() else value
