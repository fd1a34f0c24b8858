"""Where an identity answer keeps the caller's tenant, user, roles and permissions: JSON pointers found.

``tenantprobe init`` calls the identity operation with one credential and reads the answer here.
Fields are recognised by their names (a ``team``/``org``/``tenant`` object, a ``user`` object, a
``roles`` list) and, when the caller's tenant key and role are known, confirmed by their values, so
the draft can say "found the tenant key `acme` at /data/team/slug" rather than guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.json_pointer import escape
from tenantprobe.openapi.tenant_parameter import is_tenant_like
from tenantprobe.tenancy.identity_shapes import role_names

_USER_KEYS = ("user", "me", "self", "profile", "account", "current_user")
_KEY_FIELDS = ("slug", "key", "handle", "name")
_ROLE_KEYS = ("roles", "role")
_PERMISSION_KEYS = ("permissions", "abilities", "scopes")
_MAX_DEPTH = 4


@dataclass
class IdentityPointers:
    tenant_id: str | None = None
    tenant_key: str | None = None
    user_id: str | None = None
    roles: str | None = None
    permissions: str | None = None
    memberships: dict[str, str] | None = None  # {items, tenant, role}
    seen: dict[str, Any] = field(default_factory=dict)  # pointer -> value shown in the draft's comments


def _members(node: Any, at: str = "", depth: int = 0) -> Iterator[tuple[str, str, Any]]:
    """(pointer, key, value) of every object member down to a bounded depth."""
    if depth > _MAX_DEPTH or not isinstance(node, dict):
        return
    for key, value in node.items():
        pointer = f"{at}/{escape(str(key))}"
        yield pointer, str(key), value
        yield from _members(value, pointer, depth + 1)


def locate_identity(body: Any, tenant_key: str | None = None, role: str | None = None) -> IdentityPointers:
    found = IdentityPointers()
    members = list(_members(body))
    for pointer, key, value in members:
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            membership = _membership(value, tenant_key)
            if membership is not None and found.memberships is None:
                found.memberships = {"items": pointer, **membership}
                found.seen[pointer] = [
                    {name: item.get(name.strip("/")) for name in membership.values()} for item in value
                ]
        elif isinstance(value, dict) and is_tenant_like(key) and found.tenant_id is None:
            _tenant_object(found, pointer, value, tenant_key)
        elif (
            isinstance(value, dict) and key.lower() in _USER_KEYS and "id" in value and found.user_id is None
        ):
            found.user_id = f"{pointer}/id"
            found.seen[found.user_id] = value["id"]
    inside = found.memberships["items"] if found.memberships else None
    for pointer, key, value in members:
        if inside and pointer.startswith(inside):
            continue
        if key.lower() in _ROLE_KEYS and found.roles is None and role_names(value):
            if role is None or role in role_names(value):
                found.roles, found.seen[pointer] = pointer, value
        elif key.lower() in _PERMISSION_KEYS and found.permissions is None and isinstance(value, list):
            found.permissions, found.seen[pointer] = pointer, value
    return found


def _tenant_object(
    found: IdentityPointers, pointer: str, value: dict[str, Any], tenant_key: str | None
) -> None:
    if "id" in value:
        found.tenant_id = f"{pointer}/id"
        found.seen[found.tenant_id] = value["id"]
    for name in _KEY_FIELDS:
        if isinstance(value.get(name), str) and (tenant_key is None or value[name] == tenant_key):
            found.tenant_key = f"{pointer}/{name}"
            found.seen[found.tenant_key] = value[name]
            return


def _membership(items: list[dict[str, Any]], tenant_key: str | None) -> dict[str, str] | None:
    """``{tenant: /org, role: /role}`` when each entry names a tenant and a role."""
    first = items[0]
    tenant = next((key for key in first if is_tenant_like(key) and isinstance(first[key], str | int)), None)
    if tenant_key is not None:
        tenant = next((key for key in first if any(item.get(key) == tenant_key for item in items)), tenant)
    role = next((key for key in first if key.lower() in _ROLE_KEYS), None)
    if tenant is None or role is None:
        return None
    return {"tenant": f"/{tenant}", "role": f"/{role}"}
