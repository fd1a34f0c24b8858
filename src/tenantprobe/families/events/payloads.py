"""Event payloads against the spec: the ``webhooks`` section often describes the same events.

A webhook named like the event declares its payload schema; ``webhook_payload_field`` says which
field of that payload is what gets broadcast. Events the spec does not describe are not judged.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tenantprobe.core.json_pointer import escape
from tenantprobe.openapi.refs import follow_located
from tenantprobe.openapi.refs import pointer as refs_pointer

_ROOT = "urn:tenantprobe:spec"
_MISSING = object()


def _follow_path(spec: dict[str, Any], pointer: str, *parts: str) -> tuple[str, Any]:
    """Follow ``parts`` from ``pointer``, jumping through local ``$ref``s; (pointer, node) at the end."""
    node = _node_at(spec, pointer)
    for part in parts:
        pointer, node = _follow_refs(spec, pointer, node)
        if not isinstance(node, dict) or part not in node:
            return pointer, _MISSING
        pointer, node = f"{pointer}/{escape(part)}", node[part]
    pointer, node = _follow_refs(spec, pointer, node)
    return pointer, node


def _follow_refs(spec: dict[str, Any], pointer: str, node: Any) -> tuple[str, Any]:
    location, found = follow_located(spec, pointer, node)
    return location, _MISSING if found is None else found


def _node_at(spec: dict[str, Any], pointer: str) -> Any:
    found = refs_pointer(spec, pointer)
    return _MISSING if found is None else found


def payload_schema_pointer(spec: dict[str, Any], event: str, field: str | None) -> str | None:
    """Where in the spec the broadcast payload of ``event`` is described, or None when it is not."""
    path_item = (spec.get("webhooks") or {}).get(event)
    if not isinstance(path_item, dict):
        return None
    base = f"/webhooks/{escape(event)}"
    for method in ("post", "put", "patch"):
        pointer, content = _follow_path(spec, base, method, "requestBody", "content")
        if not isinstance(content, dict):
            continue
        media = next((name for name in content if name.split(";")[0].strip().endswith("json")), None)
        if media is None:
            continue
        pointer, schema = _follow_path(spec, f"{pointer}/{escape(media)}", "schema")
        if field:
            pointer, schema = _follow_path(spec, pointer, "properties", field)
        return pointer if isinstance(schema, (dict, bool)) else None
    return None


# (id of the spec, pointer) -> (the spec, kept alive so its id is not reused; its validator)
_VALIDATORS: dict[tuple[int, str], tuple[dict[str, Any], jsonschema.protocols.Validator]] = {}


def _validator(spec: dict[str, Any], pointer: str) -> jsonschema.protocols.Validator:
    key = (id(spec), pointer)
    if key not in _VALIDATORS:
        registry: Registry[Any] = Registry().with_resource(
            _ROOT, Resource.from_contents(spec, default_specification=DRAFT202012)
        )
        validator = jsonschema.Draft202012Validator({"$ref": f"{_ROOT}#{pointer}"}, registry=registry)
        _VALIDATORS[key] = (spec, validator)
    return _VALIDATORS[key][1]


def payload_problems(spec: dict[str, Any], event: str, field: str | None, payload: Any) -> list[str] | None:
    """Schema violations of ``payload`` (empty: it conforms), or None when the spec has no schema for it."""
    pointer = payload_schema_pointer(spec, event, field)
    if pointer is None:
        return None
    return schema_problems(spec, pointer, payload)


def schema_problems(spec: dict[str, Any], pointer: str, value: Any) -> list[str]:
    """The first few violations of the schema at ``pointer`` in the spec by ``value`` (empty: it conforms)."""
    errors = _validator(spec, pointer).iter_errors(value)
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(errors, key=lambda error: list(map(str, error.absolute_path)))
    ][:5]
