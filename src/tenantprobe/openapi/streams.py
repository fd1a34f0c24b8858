"""Streaming operations: those whose success answers ``text/event-stream`` (Server-Sent Events).

A stream may never end, so readers must bound it; the spec also says what one item of it looks like:
OpenAPI 3.2's ``itemSchema`` (``x-item-schema`` before 3.2), or, without either, the media type's
``schema`` when it describes an object rather than the stream's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenantprobe.openapi.operations import Operation, is_streaming, operations, stream_media
from tenantprobe.openapi.schemas import resolve

ITEM_SCHEMA_KEYS = ("itemSchema", "x-item-schema")


@dataclass(frozen=True)
class StreamOperation:
    method: str
    path: str
    item_schema: str | None  # JSON pointer into the spec of one event's schema, or None

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def item_schema_pointer(spec: dict[str, Any], operation: Operation) -> str | None:
    found = stream_media(spec, operation)
    if found is None:
        return None
    pointer, content = found
    for key in ITEM_SCHEMA_KEYS:
        if isinstance(content.get(key), dict):
            return f"{pointer}/{key}"
    schema = resolve(spec, content.get("schema"))
    if schema and schema.get("type") not in (None, "string"):
        return f"{pointer}/schema"
    return None


def stream_operations(spec: dict[str, Any]) -> list[StreamOperation]:
    """Every streaming GET of the spec, in spec order, with where its item schema is."""
    return [
        StreamOperation(op.method, op.path, item_schema_pointer(spec, op))
        for op in operations(spec)
        if op.method == "GET" and is_streaming(spec, op)
    ]
