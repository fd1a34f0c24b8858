"""Which scoping probes a run makes: operations from the spec, attackers from the covering design."""

from __future__ import annotations

from dataclasses import dataclass, field

from tenantprobe.core.config import SAFE_METHODS, Principal
from tenantprobe.core.state import RunState
from tenantprobe.openapi.operations import (
    Operation,
    create_operations,
    item_operations,
    json_body_schema,
    list_operations,
    operations_in_tenant_path,
)
from tenantprobe.openapi.permissions import holds, required_permission
from tenantprobe.openapi.references import referenced_collection
from tenantprobe.tenancy.pairing import Pairing, covering_pairings


@dataclass
class ScopingPlan:
    by_id: list[Pairing] = field(default_factory=list)  # item operations with the victim's ids
    lists: list[Pairing] = field(default_factory=list)  # list operations filtered by the victim's data
    selector: list[Pairing] = field(default_factory=list)  # the tenant selector set to the victim
    foreign_path: list[Pairing] = field(default_factory=list)  # the victim's tenant path, own credential
    tenant_field: list[Pairing] = field(default_factory=list)  # bodies naming the victim as tenant
    references: list[Pairing] = field(default_factory=list)  # bodies referencing the victim's objects


def scoping_plan(state: RunState) -> ScopingPlan:
    config = state.config
    principals = config.principals()
    tenants = list(config.tenants)
    shared = set(config.tenancy.shared_operations)
    operations = {op.key: op for op in _allowed(state, item_operations(state.spec)) if op.key not in shared}
    lists = [op for op in _allowed(state, list_operations(state.spec)) if op.key not in shared]

    def may(principal: Principal, key: str) -> bool:
        op = operations.get(key) or _find(state, key)
        if op is None:
            return False
        return holds(config, principal, required_permission(config, op.method, op.path, op.spec)) is True

    plan = ScopingPlan()
    plan.by_id = covering_pairings(list(operations), principals, tenants, may)
    plan.lists = covering_pairings([op.key for op in lists], principals, tenants, may)
    if config.tenancy.selector and config.identity:
        identity = f"GET {config.identity.path}"
        plan.selector = covering_pairings([identity], principals, tenants)
    if state.carrier is not None and state.carrier.kind == "path":
        # Every operation under the tenant path: a route that skips the membership check is one route.
        in_path = [
            op for op in _allowed(state, operations_in_tenant_path(state.spec)) if op.key not in shared
        ]
        plan.foreign_path = covering_pairings([op.key for op in in_path], principals, tenants, may)
    if state.config.target.mode != "production":
        tenant_field = config.tenancy.tenant_field
        writable = [
            op
            for op in [*create_operations(state.spec), *operations.values()]
            if op.method in ("POST", "PUT", "PATCH")
            and json_body_schema(state.spec, op) is not None
            and tenant_field not in ((json_body_schema(state.spec, op) or {}).get("properties") or {})
            and (op.method != "POST" or not op.params)
        ]
        plan.tenant_field = covering_pairings([op.key for op in writable], principals, tenants, may)
        creates = [op for op in create_operations(state.spec) if _references(state, op)]
        plan.references = covering_pairings([op.key for op in creates], principals, tenants, may)
    return plan


def _references(state: RunState, operation: Operation) -> bool:
    """Whether the body has a field referring to a collection of the spec (``widget_id``)."""
    schema = json_body_schema(state.spec, operation) or {}
    tenant_field = state.config.tenancy.tenant_field
    collections = [op.path for op in list_operations(state.spec)]
    return any(
        name != tenant_field
        and referenced_collection(collections, name, state.config.tenancy.references, state.spec) is not None
        for name in (schema.get("properties") or {})
    )


def _allowed(state: RunState, operations: list[Operation]) -> list[Operation]:
    """Production mode keeps safe methods, plus what tenants.yaml allows there."""
    if state.config.target.mode != "production":
        return operations
    allowed = set(state.config.target.allow_in_production)
    return [op for op in operations if op.method in SAFE_METHODS or op.key in allowed]


def _find(state: RunState, key: str) -> Operation | None:
    from tenantprobe.openapi.operations import find_operation

    method, _, path = key.partition(" ")
    return find_operation(state.spec, method, path)
