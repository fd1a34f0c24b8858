"""The path parameter that names the tenant (``/orgs/{org}/…``): read from the spec, or bound by the run.

A spec rarely says which parameter is the tenant; its shape does. A path parameter that most
operations needing a credential share, named like a tenant (org, team, tenant, account, workspace,
with or without an id/slug suffix), is the tenant carrier. Once the run knows it (declared in
tenants.yaml or detected), it binds it to the spec under ``x-tenantprobe-tenant-parameter``, so every
reader of operations sees the same thing: the tenant is not an object id, and a path whose only
parameter is the tenant is a collection.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from tenantprobe.openapi.walk import walk_operations

BOUND = "x-tenantprobe-tenant-parameter"
_PARAM = re.compile(r"\{([^}/]+)\}")
_TENANT_LIKE = re.compile(
    r"^(org|orgs|organi[sz]ation|team|tenant|account|workspace|company)([_-]?(id|slug|key|name|uuid))?$",
    re.IGNORECASE,
)
_MOST = 0.5  # share of credentialed operations that must carry the parameter


@dataclass(frozen=True)
class DetectedParameter:
    name: str
    value: str  # "key" (a slug) or "id"
    share: float  # of the operations needing a credential


def bound_tenant_parameter(spec: dict[str, Any]) -> str | None:
    """The tenant path parameter the run bound to this spec, if any."""
    value = spec.get(BOUND)
    return value if isinstance(value, str) and value else None


def bind_tenant_parameter(spec: dict[str, Any], name: str | None) -> None:
    if name:
        spec[BOUND] = name
    else:
        spec.pop(BOUND, None)


def detect_tenant_parameter(spec: dict[str, Any]) -> DetectedParameter | None:
    """The path parameter most credentialed operations share, when its name reads like a tenant."""
    counted: Counter[str] = Counter()
    total = 0
    for _method, path, operation, _item in walk_operations(spec):
        if _anonymous(spec, operation):
            continue
        total += 1
        counted.update(set(_PARAM.findall(path)))
    for name, count in counted.most_common():
        if total and count / total > _MOST and is_tenant_like(name):
            return DetectedParameter(name, _value_kind(spec, name), count / total)
    return None


def is_tenant_like(name: str) -> bool:
    """Whether a parameter's name reads like a tenant (``org``, ``account_id``, ``workspace-slug``)."""
    return _TENANT_LIKE.match(name) is not None


def _anonymous(spec: dict[str, Any], operation: dict[str, Any]) -> bool:
    security = operation.get("security", spec.get("security"))
    return security is not None and (security == [] or {} in security)


def _value_kind(spec: dict[str, Any], name: str) -> str:
    """``id`` for a parameter named or typed like an id (integer, uuid, `*_id`), else ``key``."""
    if re.search(r"(id|uuid)$", name, re.IGNORECASE) and not name.lower().endswith("slug"):
        return "id"
    for _method, path, operation, _item in walk_operations(spec):
        item = spec.get("paths", {}).get(path, {})
        for param in [*item.get("parameters", []), *operation.get("parameters", [])]:
            if isinstance(param, dict) and param.get("name") == name and param.get("in") == "path":
                schema = param.get("schema") or {}
                if schema.get("type") == "integer" or schema.get("format") == "uuid":
                    return "id"
                return "key"
    return "key"
