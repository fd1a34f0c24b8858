"""What a JSON Schema of the spec says, whatever way it is written: through ``$ref``, ``allOf``,
``oneOf``/``anyOf``, ``nullable`` (3.0) or ``type: [.., "null"]`` (3.1).

``resolve`` gives one flat object schema (the ``allOf`` parts merged), so every reader asks the same
questions of ``{$ref: Customer}``, ``allOf: [{$ref: Page}, {properties: ...}]`` and an inline schema.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.openapi.refs import resolved

_MAX_DEPTH = 16
_ALTERNATIVES = ("oneOf", "anyOf")


def resolve(spec: dict[str, Any], schema: Any, depth: int = 0) -> dict[str, Any]:
    """``schema`` with its ``$ref`` followed and its ``allOf`` parts merged into one schema."""
    node = resolved(spec, schema)
    parts = node.get("allOf")
    if not isinstance(parts, list) or depth > _MAX_DEPTH:
        return node
    merged: dict[str, Any] = {key: value for key, value in node.items() if key != "allOf"}
    properties: dict[str, Any] = dict(merged.get("properties") or {})
    required: list[str] = list(merged.get("required") or [])
    for part in parts:
        flat = resolve(spec, part, depth + 1)
        for key, value in flat.items():
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    properties.setdefault(name, prop)
            elif key == "required" and isinstance(value, list):
                required += [name for name in value if name not in required]
            else:
                merged.setdefault(key, value)
    if properties:
        merged["properties"] = properties
    if required:
        merged["required"] = required
    return merged


def properties_of(spec: dict[str, Any], schema: Any) -> dict[str, dict[str, Any]]:
    """Each property of the (merged) schema, resolved."""
    props = resolve(spec, schema).get("properties")
    if not isinstance(props, dict):
        return {}
    return {str(name): resolve(spec, prop) for name, prop in props.items()}


def types_of(spec: dict[str, Any], schema: Any) -> set[str]:
    """The JSON types a value may have; ``null`` included when it is nullable either way."""
    node = resolve(spec, schema)
    value = node.get("type")
    types = (
        {value} if isinstance(value, str) else {str(t) for t in value} if isinstance(value, list) else set()
    )
    if not types and isinstance(node.get("properties"), dict):
        types.add("object")
    if not types and "items" in node:
        types.add("array")
    if node.get("nullable") is True:
        types.add("null")
    for option in _options(node):
        types |= types_of(spec, option)
    if "enum" in node and None in (node.get("enum") or []):
        types.add("null")
    return types


def main_type(spec: dict[str, Any], schema: Any) -> str | None:
    """The one non-null type of a schema (``["string", "null"]`` -> ``string``), or None."""
    found = sorted(types_of(spec, schema) - {"null"})
    if "integer" in found and "number" in found:
        found.remove("integer")
    return found[0] if len(found) == 1 else None


def is_nullable(spec: dict[str, Any], schema: Any) -> bool:
    return "null" in types_of(spec, schema)


def enum_of(spec: dict[str, Any], schema: Any, depth: int = 0) -> list[Any] | None:
    """The values a schema allows when it lists them: ``enum``, ``const``, or alternatives of those.

    Found through ``$ref``, in ``allOf`` parts and across ``oneOf``/``anyOf`` (a nullable enum is
    often ``anyOf: [{$ref: Role}, {type: "null"}]``); ``null`` is left out. None: not an enumeration.
    """
    node = resolve(spec, schema)
    if depth > _MAX_DEPTH:
        return None
    if isinstance(node.get("enum"), list):
        return [value for value in node["enum"] if value is not None]
    if "const" in node:
        return [node["const"]]
    for part in node.get("allOf") or []:
        found = enum_of(spec, part, depth + 1)
        if found is not None:
            return found
    options = _options(node)
    if not options:
        return None
    values: list[Any] = []
    for option in options:
        if types_of(spec, option) == {"null"}:
            continue
        found = enum_of(spec, option, depth + 1)
        if found is None:
            return None  # one alternative is free-form: the whole is not an enumeration
        values += [value for value in found if value not in values]
    return values or None


def first_option(spec: dict[str, Any], schema: Any) -> dict[str, Any] | None:
    """The first ``oneOf``/``anyOf`` alternative that is not ``null``."""
    for option in _options(resolve(spec, schema)):
        if types_of(spec, option) != {"null"}:
            return resolve(spec, option)
    return None


def _options(node: dict[str, Any]) -> list[Any]:
    found: list[Any] = []
    for key in _ALTERNATIVES:
        value = node.get(key)
        if isinstance(value, list):
            found += value
    return found
