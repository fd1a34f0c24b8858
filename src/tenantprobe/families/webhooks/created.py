"""What a creation returned (an endpoint's id and secret, an object's id), read inside its envelope.

A pointer such as ``/id`` is read at the top level of the response first; when nothing is there and
the spec's success response schema nests the object in one object-typed property (an API Resource's
``{"data": {...}}``), it is read inside that property.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.families.webhooks.templates import split_operation
from tenantprobe.openapi.operations import Operation, find_operation, resolve
from tenantprobe.tenancy.identity import resolve_pointer


def read_created(spec: dict[str, Any], operation: str, body: Any, pointer: str) -> Any:
    """The value at ``pointer`` in a creation's response, looked for inside its envelope too.

    When the pointer finds nothing at the top level and the operation's success response schema
    nests the object in one object-typed property (``{"data": {...}}``), the pointer is read there.
    """
    value = resolve_pointer(body, pointer)
    if value is not None or not isinstance(body, dict):
        return value
    method, path = split_operation(operation)
    found = find_operation(spec, method, path)
    for wrapper in envelope_properties(spec, found) if found is not None else ():
        value = resolve_pointer(body.get(wrapper), pointer)
        if value is not None:
            return value
    return None


def envelope_properties(spec: dict[str, Any], operation: Operation) -> list[str]:
    """Properties of a success response schema that hold the object: the one object-typed property."""
    names = []
    for code, response in (operation.spec.get("responses") or {}).items():
        if not str(code).startswith("2"):
            continue
        for media, content in (resolve(spec, response).get("content") or {}).items():
            if not media.split(";")[0].strip().endswith("json"):
                continue
            properties = resolve(spec, (content or {}).get("schema")).get("properties") or {}
            objects = [
                name
                for name, prop in properties.items()
                if resolve(spec, prop).get("type") == "object" or "properties" in resolve(spec, prop)
            ]
            if len(objects) == 1:
                names.append(objects[0])
    return list(dict.fromkeys(names))
