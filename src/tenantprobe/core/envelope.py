"""Where a response keeps its object and its list items: ``{"data": {...}}``, ``{"items": [...]}``, bare.

`openapi.envelopes` learns one per operation from the spec's response schemas (or tenants.yaml's
``envelope:``); everything that reads an id or a tenant field out of a response reads it here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.json_pointer import unescape

MISSING = object()  # what at_pointer gives for a pointer that names nothing


def at_pointer(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer (``""`` is the whole document); ``MISSING`` when absent."""
    if pointer in ("", "/"):
        return document
    node = document
    for raw in pointer.lstrip("/").split("/"):
        part = unescape(raw)
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


def has_pointer(document: Any, pointer: str) -> bool:
    return at_pointer(document, pointer) is not MISSING


@dataclass(frozen=True)
class Envelope:
    """Pointers into one operation's response body (``""``: the body itself)."""

    object: str = ""  # the single object a create or a read returns
    items: str | None = None  # the array of a list response; None: unknown (the first array of objects)
    attributes: str = ""  # inside each object, where its fields are (JSON:API ``/attributes``)
    source: str = "spec"  # "spec", "default" or the tenants.yaml key that set it

    def object_of(self, body: Any) -> dict[str, Any] | None:
        found = at_pointer(body, self.object)
        return found if isinstance(found, dict) else None

    def items_of(self, body: Any) -> list[dict[str, Any]]:
        if self.items is not None:
            found = at_pointer(body, self.items)
            return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []
        return first_object_array(body)

    def field(self, item: dict[str, Any], name: str) -> Any:
        """``item[name]``, or the same field under the object's attributes (JSON:API)."""
        if name in item:
            return item[name]
        attributes = at_pointer(item, self.attributes) if self.attributes else None
        return attributes.get(name) if isinstance(attributes, dict) else None

    def fields(self, item: dict[str, Any]) -> dict[str, Any]:
        """The object's fields, attributes merged in (the object's own keys win)."""
        attributes = at_pointer(item, self.attributes) if self.attributes else None
        merged = dict(attributes) if isinstance(attributes, dict) else {}
        merged.update(item)
        return merged

    def id_of(self, body: Any, id_field: str = "id") -> Any:
        """The id of the object ``body`` returns; None when it carries none."""
        found = self.object_of(body)
        value = self.field(found, id_field) if found is not None else None
        return None if isinstance(value, bool | dict | list) else value


def first_object_array(body: Any) -> list[dict[str, Any]]:
    """A top-level array, or the first array of objects one or two levels inside (HAL ``_embedded``)."""
    if isinstance(body, list):
        return [item for item in body if isinstance(item, dict)]
    if not isinstance(body, dict):
        return []
    for value in body.values():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            return list(value)
    for value in body.values():
        if isinstance(value, dict):
            for inner in value.values():
                if isinstance(inner, list) and inner and all(isinstance(v, dict) for v in inner):
                    return list(inner)
    return []


BARE = Envelope(source="default")


@dataclass(frozen=True)
class Envelopes:
    """The envelope of each operation (``"METHOD /path"``), and the one for operations not listed."""

    by_operation: dict[str, Envelope] = field(default_factory=dict)
    default: Envelope = BARE

    def of(self, method: str, template: str | None) -> Envelope:
        if template is None:
            return self.default
        return self.by_operation.get(f"{method.upper()} {template}", self.default)
