"""Reading roles and memberships out of an identity answer, whatever shape the API gives them.

Roles come as a list of strings (``["viewer"]``), a list of objects (``[{"name": "viewer"}]`` or
``[{"role": "viewer"}]``), or a single string (``"viewer"``). Memberships keyed by tenant come as a
list of objects, each naming a tenant and the role held there (``[{"org": "acme", "role": "member"}]``),
read with ``identity.memberships: {items, tenant, role}`` pointers. A configured pointer that
matches nothing in the answer is reported by its key, so tenants.yaml gets fixed: it is never read
as "no roles".
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.json_pointer import unescape

_MISSING = object()
_NAME_KEYS = ("name", "role", "slug", "key")


def resolve_pointer(document: Any, pointer: str | None) -> Any:
    """The value at a JSON pointer (RFC 6901), or ``None`` when absent."""
    found = _value_at(document, pointer)
    return None if found is _MISSING else found


def pointer_matches(document: Any, pointer: str) -> bool:
    return _value_at(document, pointer) is not _MISSING


def _value_at(document: Any, pointer: str | None) -> Any:
    if pointer is None:
        return _MISSING
    value = document
    for raw in pointer.split("/")[1:] if pointer else []:
        part = unescape(raw)
        if isinstance(value, dict):
            value = value.get(part, _MISSING)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return _MISSING
        if value is _MISSING:
            return _MISSING
    return value


def role_names(value: Any) -> list[str]:
    """Role (or permission) names from a list of strings, a list of objects, or one string."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return []
    names = []
    for item in value:
        if isinstance(item, dict):
            name = next((item[key] for key in _NAME_KEYS if isinstance(item.get(key), str | int)), None)
            if name is not None:
                names.append(str(name))
        elif isinstance(item, str | int) and not isinstance(item, bool):
            names.append(str(item))
    return names


def memberships_by_tenant(document: Any, pointers: dict[str, str]) -> dict[str, list[str]]:
    """``{tenant: [roles]}`` from a list of membership objects (one entry per role is fine)."""
    items = resolve_pointer(document, pointers["items"])
    found: dict[str, list[str]] = {}
    for item in items if isinstance(items, list) else []:
        tenant = resolve_pointer(item, pointers["tenant"])
        if tenant is None:
            continue
        roles = role_names(resolve_pointer(item, pointers["role"])) if pointers.get("role") else []
        found.setdefault(str(tenant), [])
        found[str(tenant)] += [role for role in roles if role not in found[str(tenant)]]
    return found


def unmatched_pointers(document: Any, pointers: dict[str, str | None]) -> list[str]:
    """The configured keys whose pointer matches nothing in ``document`` (``identity.roles``, ...)."""
    return [
        key
        for key, pointer in pointers.items()
        if pointer is not None and not pointer_matches(document, pointer)
    ]
