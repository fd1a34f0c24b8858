"""Which permission an operation needs, and whether a principal holds it (spec extension or tenants.yaml)."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Config, Principal


def operation_key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def required_permission(config: Config, method: str, path: str, operation: dict[str, Any]) -> str | None:
    """The permission tenants.yaml maps, else the spec extension names; None when none is needed."""
    key = operation_key(method, path)
    if key in config.permissions.operations:
        return config.permissions.operations[key]
    extension = config.permissions.extension
    if extension and extension in operation:
        value = operation[extension]
        return str(value) if value else None
    return None


def holds(
    config: Config, principal: Principal, permission: str | None, tenant: str | None = None
) -> bool | None:
    """Whether ``principal`` holds ``permission`` (in ``tenant``, default its own); None when unknown."""
    if permission is None:
        return True
    role = principal.role if tenant in (None, principal.tenant) else principal.roles_in.get(tenant or "")
    if role is None:
        return False
    granted = config.expected_permissions(role)
    if granted is None:
        return None
    return permission in granted
