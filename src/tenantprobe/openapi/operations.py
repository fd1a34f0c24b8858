"""The one walk over the spec's operations, and what the suites read of them: collections, items,
bodies, parameters.

Nothing here knows a target: a "collection" is a path without parameters, an "item" path is a
collection followed by one templated segment, and the rest comes from the spec's schemas. Path
items behind a ``$ref`` are followed, and path-level parameters are merged into each operation's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tenantprobe.core.json_pointer import escape
from tenantprobe.core.routes import Routes
from tenantprobe.openapi.refs import resolved
from tenantprobe.openapi.schemas import resolve
from tenantprobe.openapi.tenant_parameter import bound_tenant_parameter
from tenantprobe.openapi.walk import walk_operations

_PARAM = re.compile(r"\{([^}/]+)\}")
EVENT_STREAM = "text/event-stream"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]  # the operation object
    item: dict[str, Any] | None = None  # the path item it belongs to (path-level servers, parameters)
    tenant_param: str | None = None  # the path parameter naming the tenant: not an object id

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def params(self) -> list[str]:
        """The path parameters that name objects (the tenant parameter is filled per principal)."""
        return [name for name in _PARAM.findall(self.path) if name != self.tenant_param]

    @property
    def collection(self) -> str | None:
        """The collection the first object parameter indexes: ``/a/{x}/b`` -> ``/a``."""
        for match in _PARAM.finditer(self.path):
            if match.group(1) != self.tenant_param:
                return self.path[: match.start()].rstrip("/") or None
        return None


def operations(spec: dict[str, Any]) -> list[Operation]:
    """Every operation of the spec, in spec order (path items behind ``$ref`` followed)."""
    tenant = bound_tenant_parameter(spec)
    return [Operation(method, path, op, item, tenant) for method, path, op, item in walk_operations(spec)]


def iter_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path template, operation object) for every operation of the spec, in spec order."""
    return [(op.method, op.path, op.spec) for op in operations(spec)]


def json_body_schema(spec: dict[str, Any], operation: Operation) -> dict[str, Any] | None:
    return json_schema_of(spec, operation.spec.get("requestBody"))


def json_schema_of(spec: dict[str, Any], holder: Any) -> dict[str, Any] | None:
    """The JSON media type's schema of a request body or a response (through ``$ref``), or None."""
    content = resolved(spec, holder).get("content")
    if not isinstance(content, dict):
        return None
    for media, entry in content.items():
        if media.split(";")[0].strip().endswith("json") and isinstance(entry, dict):
            return dict(resolve(spec, entry.get("schema")))
    return None


def success_schema(spec: dict[str, Any], operation: Operation) -> dict[str, Any] | None:
    """The JSON schema of the operation's first documented 2xx response, or None."""
    responses = operation.spec.get("responses") or {}
    for status in sorted(str(code) for code in responses if str(code)[:1] == "2"):
        found = json_schema_of(
            spec, responses.get(status, responses.get(int(status)) if status.isdigit() else None)
        )
        if found is not None:
            return found
    return None


def success_statuses(operation: Operation) -> list[int]:
    return sorted(int(code) for code in operation.spec.get("responses", {}) if str(code)[:1] == "2")


def is_anonymous(spec: dict[str, Any], operation: Operation) -> bool:
    """Whether the operation needs no credential (``security: []`` or none declared anywhere)."""
    security = operation.spec.get("security", spec.get("security"))
    return security is not None and (security == [] or {} in security)


def query_parameters(spec: dict[str, Any], operation: Operation) -> list[dict[str, Any]]:
    return [p for p in parameters(spec, operation) if p.get("in") == "query"]


def parameters(spec: dict[str, Any], operation: Operation) -> list[dict[str, Any]]:
    """The operation's parameters, path-level ones included (an operation's own wins), resolved."""
    item = (
        operation.item
        if operation.item is not None
        else resolved(spec, spec.get("paths", {}).get(operation.path))
    )
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for raw in list(item.get("parameters") or []) + list(operation.spec.get("parameters") or []):
        param = resolved(spec, raw)
        if "name" in param:
            found[(str(param.get("in")), str(param.get("name")))] = param
    return list(found.values())


def create_operations(spec: dict[str, Any]) -> list[Operation]:
    """POSTs on a collection path with a JSON body and a 200/201 response, in spec order."""
    found = []
    for operation in operations(spec):
        if operation.method != "POST" or operation.params or is_anonymous(spec, operation):
            continue
        if json_body_schema(spec, operation) is None:
            continue
        if {200, 201} & set(success_statuses(operation)):
            found.append(operation)
    return found


def list_operations(spec: dict[str, Any]) -> list[Operation]:
    """GETs on a path without parameters that need a credential (an event stream is not a list)."""
    return [
        op
        for op in operations(spec)
        if op.method == "GET" and not op.params and not is_anonymous(spec, op) and not is_streaming(spec, op)
    ]


def item_operations(spec: dict[str, Any]) -> list[Operation]:
    """Operations with path parameters that need a credential (reads, writes, sub-resource actions)."""
    return [op for op in operations(spec) if op.params and not is_anonymous(spec, op)]


def operations_in_tenant_path(spec: dict[str, Any]) -> list[Operation]:
    """Operations that need a credential and name their tenant in the path."""
    return [
        op
        for op in operations(spec)
        if op.tenant_param and f"{{{op.tenant_param}}}" in op.path and not is_anonymous(spec, op)
    ]


def find_operation(spec: dict[str, Any], method: str, path: str) -> Operation | None:
    for operation in operations(spec):
        if operation.method == method and operation.path == path:
            return operation
    return None


def item_path(spec: dict[str, Any], collection: str) -> str | None:
    """The spec path ``collection/{param}`` (one templated segment), if the spec has one."""
    for path in spec.get("paths", {}):
        rest = path[len(collection) :] if path.startswith(collection + "/") else ""
        if _PARAM.fullmatch(rest.lstrip("/")):
            return str(path)
    return None


def creates_undeletable(spec: dict[str, Any], method: str, path: str) -> bool:
    """Whether ``method path`` creates items the spec offers no DELETE for (``collection/{id}``
    exists, without ``delete``): on a target that outlives the run they would stay behind."""
    if method.upper() != "POST":
        return False
    item = item_path(spec, path)
    return item is not None and "delete" not in spec["paths"][item]


def collection_for_field(collections: list[str], field: str) -> str | None:
    """The collection an id field refers to: ``widget_id`` -> ``/widgets`` (plural forms tried)."""
    stem = field[: -len("_id")] if field.endswith("_id") else ""
    if not stem:
        return None
    names = {stem, stem + "s", stem + "es", stem[:-1] + "ies" if stem.endswith("y") else stem}
    for collection in collections:
        if collection.rsplit("/", 1)[-1].replace("-", "_") in names:
            return collection
    return None


def fill_path(path: str, values: dict[str, str]) -> str:
    return _PARAM.sub(lambda m: values.get(m.group(1), m.group(0)), path)


def spec_template(spec: dict[str, Any], base_url: str | Routes, url: str) -> str | None:
    """The spec path a concrete request URL matches (``/things/7`` -> ``/things/{id}``)."""
    routes = base_url if isinstance(base_url, Routes) else Routes(base_url, origin=base_url)
    if not routes.templates:
        routes = Routes(routes.base, routes.origin, routes.routes, tuple(spec.get("paths") or {}))
    return routes.template_of(url)


def stream_media(spec: dict[str, Any], operation: Operation) -> tuple[str, dict[str, Any]] | None:
    """(JSON pointer, media object) of the first success response's event-stream media type."""
    base = f"/paths/{escape(operation.path)}/{operation.method.lower()}/responses"
    for status, response in (operation.spec.get("responses") or {}).items():
        if not str(status).startswith("2") or not isinstance(response, dict):
            continue
        ref = response.get("$ref")
        local = isinstance(ref, str) and ref.startswith("#/")
        pointer = str(ref)[1:] if local else f"{base}/{escape(str(status))}"
        for media, content in (resolve(spec, response).get("content") or {}).items():
            if media.split(";")[0].strip().lower() == EVENT_STREAM and isinstance(content, dict):
                return f"{pointer}/content/{escape(media)}", content
    return None


def is_streaming(spec: dict[str, Any], operation: Operation) -> bool:
    return stream_media(spec, operation) is not None
