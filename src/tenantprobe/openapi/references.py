"""Which collection an id field refers to: named in tenants.yaml, linked in the spec, or guessed.

Strongest first: ``tenancy.references`` in tenants.yaml (``assignee_id: /members``); then what the
spec says, an ``x-references`` hint on a body property or an OpenAPI link whose parameter is read
from a response field (``$response.body#/assignee_id`` into ``GET /members/{id}``); last the
field's name (``widget_id`` -> ``/widgets``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from tenantprobe.openapi.operations import collection_for_field, operations
from tenantprobe.openapi.schemas import resolve

HINT = "x-references"
_BODY_FIELD = re.compile(r"^\$(?:response|request)\.body#/(?:.*/)?([^/]+)$")
_CACHE: dict[int, dict[str, str]] = {}


def spec_references(spec: dict[str, Any]) -> dict[str, str]:
    """Field name -> collection path, as the spec's hints and links say (cached per spec)."""
    key = id(spec)
    if key not in _CACHE:
        found: dict[str, str] = {}
        for operation in operations(spec):
            for field, target in _links(spec, operation.spec):
                found.setdefault(field, target)
            for schema in _body_schemas(spec, operation.spec):
                for field, prop in (schema.get("properties") or {}).items():
                    hint = prop.get(HINT, resolve(spec, prop).get(HINT)) if isinstance(prop, dict) else None
                    if isinstance(hint, str):
                        found[str(field)] = hint
        _CACHE[key] = found
    return _CACHE[key]


def referenced_collection(
    collections: list[str], field: str, named: Mapping[str, str], spec: dict[str, Any] | None = None
) -> str | None:
    """The collection ``field`` refers to, among ``collections`` (paths without parameters)."""
    for source in (named, spec_references(spec) if spec is not None else {}):
        target = source.get(field)
        if target is not None:
            return _match(collections, target) or target
    return collection_for_field(collections, field)


def _match(collections: list[str], target: str) -> str | None:
    """``members``, ``/members`` or ``/v2/members`` -> the collection path the spec has."""
    wanted = "/" + target.strip("/")
    if wanted in collections:
        return wanted
    return next((c for c in collections if c.endswith(wanted)), None)


def _links(spec: dict[str, Any], operation: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, collection) for each link parameter read from a body field into another operation."""
    by_id = {op.spec.get("operationId"): op for op in operations(spec) if op.spec.get("operationId")}
    for response in (operation.get("responses") or {}).values():
        for link in (resolve(spec, response).get("links") or {}).values():
            link = resolve(spec, link)
            target = by_id.get(link.get("operationId"))
            if target is None or target.collection is None:
                continue
            for expression in (link.get("parameters") or {}).values():
                match = _BODY_FIELD.match(str(expression))
                if match and match.group(1) != "id":
                    yield match.group(1), target.collection


def _body_schemas(spec: dict[str, Any], operation: dict[str, Any]) -> Iterator[dict[str, Any]]:
    body = resolve(spec, operation.get("requestBody"))
    for content in (body.get("content") or {}).values():
        yield resolve(spec, (content or {}).get("schema"))
