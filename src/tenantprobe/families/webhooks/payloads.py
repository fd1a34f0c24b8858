"""Webhook payload schemas declared by the spec: OpenAPI 3.1 ``webhooks`` or an operation's ``callbacks``."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tenantprobe.core.json_pointer import escape

_SPEC_URI = "urn:tenantprobe:spec"


def _body_pointer(base: list[str], path_item: Any) -> str | None:
    """A pointer to the JSON request-body schema of the first operation of ``path_item``."""
    if not isinstance(path_item, dict):
        return None
    for method in ("post", "put", "patch"):
        content = path_item.get(method, {}).get("requestBody", {}).get("content", {})
        for media, entry in content.items():
            if "json" in media and isinstance(entry, dict) and "schema" in entry:
                parts = [*base, method, "requestBody", "content", media, "schema"]
                return "#/" + "/".join(escape(p) for p in parts)
    return None


class PayloadSchemas:
    """Schemas for webhook payloads, by event name; ``declared`` says whether the spec has any."""

    def __init__(self, spec: dict[str, Any], register_operation: str | None = None) -> None:
        self._registry: Registry[Any] = Registry().with_resource(
            _SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012)
        )
        self.by_event: dict[str, str] = {}
        for name, item in (spec.get("webhooks") or {}).items():
            pointer = _body_pointer(["webhooks", name], item)
            if pointer:
                self.by_event[name] = pointer
        self.fallback = self._callback(spec, register_operation)

    def _callback(self, spec: dict[str, Any], operation: str | None) -> str | None:
        """The one callback of the registering operation, when it declares exactly one."""
        if not operation:
            return None
        method, _, path = operation.partition(" ")
        found = spec.get("paths", {}).get(path.strip(), {}).get(method.lower(), {}).get("callbacks") or {}
        pointers = [
            _body_pointer(["paths", path.strip(), method.lower(), "callbacks", name, expression], item)
            for name, callback in found.items()
            for expression, item in (callback or {}).items()
        ]
        pointers = [p for p in pointers if p]
        return pointers[0] if len(pointers) == 1 else None

    @property
    def declared(self) -> bool:
        return bool(self.by_event) or self.fallback is not None

    def problem(self, event: str | None, payload: Any) -> str | None:
        """Why ``payload`` does not match its declared schema; ``None`` when it does or none is declared."""
        pointer = self.by_event.get(event or "") or self.fallback
        if pointer is None:
            return None
        validator = Draft202012Validator({"$ref": _SPEC_URI + pointer}, registry=self._registry)
        error = best_match(validator.iter_errors(payload))
        if error is None:
            return None
        where = "/" + "/".join(str(p) for p in error.absolute_path)
        return f"{error.message} at `{where}`"


def declared_headers(spec: dict[str, Any], operation: str | None = None) -> set[str]:
    """Header parameters the spec declares: on its ``webhooks``, or on one ``METHOD /path`` operation."""
    if operation is None:
        items = [item for item in (spec.get("webhooks") or {}).values() if isinstance(item, dict)]
        operations = [op for item in items for op in item.values() if isinstance(op, dict)]
        parameters = [p for op in operations for p in op.get("parameters", [])]
    else:
        method, _, path = operation.partition(" ")
        item = spec.get("paths", {}).get(path.strip(), {})
        parameters = [*item.get("parameters", []), *item.get(method.lower(), {}).get("parameters", [])]
    return {p["name"] for p in parameters if isinstance(p, dict) and p.get("in") == "header" and "name" in p}
