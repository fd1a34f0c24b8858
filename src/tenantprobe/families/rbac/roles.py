"""What the RBAC probes share: the operations that need a permission, role fields, a tenant's members."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tenantprobe.core.config import Principal
from tenantprobe.core.state import RunState
from tenantprobe.openapi.operations import Operation, is_anonymous, json_body_schema, operations
from tenantprobe.openapi.permissions import required_permission
from tenantprobe.openapi.schemas import enum_of, properties_of
from tenantprobe.tenancy.kit import ProbeKit


def matrix_operations(state: RunState) -> list[Operation]:
    """Operations that need a permission (from the spec extension or tenants.yaml), in spec order."""
    config = state.config
    shared = set(config.tenancy.shared_operations)
    found = []
    for op in operations(state.spec):
        if is_anonymous(state.spec, op) or op.key in shared:
            continue
        if config.target.mode == "production" and op.method not in ("GET", "HEAD", "OPTIONS"):
            continue
        if required_permission(config, op.method, op.path, op.spec) is not None:
            found.append(op)
    return found


def role_fields(state: RunState) -> set[str]:
    """Body properties whose values are role names (an enum within the configured roles)."""
    roles = set(state.config.permissions.roles) | set(state.config.permissions.rank)
    found = set()
    for op in operations(state.spec):
        schema = json_body_schema(state.spec, op) or {}
        for name, prop in properties_of(state.spec, schema).items():
            values = set(enum_of(state.spec, prop) or [])  # behind $ref, in allOf, oneOf with null
            if values and roles and values <= roles:
                found.add(name)
    return found


def member_items(
    kit: ProbeKit, operation: Operation, principal: Principal
) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(item id, current role, item) of the principal's tenant, as its admin lists the collection."""
    collection = operation.collection
    if collection is None:
        return
    listed = kit.admin(principal.tenant).get(collection, check=False)
    body = listed.json() if listed.status_code == 200 and listed.content else None
    fields = role_fields(kit.state)
    for item in kit.items_of(collection, body):
        role = next((item[name] for name in fields if name in item), None)
        if role is not None and item.get(kit.id_field) is not None:
            yield str(item[kit.id_field]), str(role), item


def is_self(kit: ProbeKit, principal: Principal, item: dict[str, Any]) -> bool:
    identity = kit.state.identities.get(principal.id)
    user = getattr(identity, "user_id", None)
    return user is not None and any(str(value) == str(user) for key, value in item.items() if key != "id")
