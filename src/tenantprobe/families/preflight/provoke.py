"""Requests that must fail, so the passive checks can judge the target's errors.

An anonymous call of the identity probe (401/403 expected) and a read of an object that cannot
exist (404 expected) — both chosen from tenants.yaml and the spec, nothing of the target assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenantprobe.core.config import Config, Principal
from tenantprobe.openapi.operations import iter_operations
from tenantprobe.openapi.permissions import holds, required_permission

_MISSING_BY_TYPE = {"integer": "2147483646", "number": "2147483646"}
_MISSING_UUID = "00000000-0000-4000-8000-00000000dead"
_MISSING_STRING = "tp-missing-object"


@dataclass(frozen=True)
class ErrorProbe:
    operation: str  # ``GET /path/{id}`` as the spec names it
    path: str  # the path actually requested
    principal: Principal | None  # None: anonymous


def _missing_value(parameter: dict[str, Any]) -> str:
    schema = parameter.get("schema") or {}
    if schema.get("format") == "uuid":
        return _MISSING_UUID
    return _MISSING_BY_TYPE.get(str(schema.get("type")), _MISSING_STRING)


def error_probes(config: Config, spec: dict[str, Any]) -> list[ErrorProbe]:
    probes = []
    if config.identity is not None:
        probes.append(ErrorProbe(f"GET {config.identity.path}", config.identity.path, None))
    missing = _missing_object_probe(config, spec)
    if missing is not None:
        probes.append(missing)
    return probes


def _missing_object_probe(config: Config, spec: dict[str, Any]) -> ErrorProbe | None:
    """A GET of one object by a made-up id, as a principal allowed to read such objects."""
    for method, path, operation in iter_operations(spec):
        parameters = [p for p in operation.get("parameters") or [] if isinstance(p, dict)]
        in_path = [p for p in parameters if p.get("in") == "path"]
        others_required = [p for p in parameters if p.get("in") != "path" and p.get("required")]
        if method != "GET" or len(in_path) != 1 or others_required or path.count("{") != 1:
            continue
        permission = required_permission(config, method, path, operation)
        for principal in config.principals():
            if holds(config, principal, permission):
                filled = path.replace("{" + str(in_path[0]["name"]) + "}", _missing_value(in_path[0]))
                return ErrorProbe(f"{method} {path}", filled, principal)
    return None
