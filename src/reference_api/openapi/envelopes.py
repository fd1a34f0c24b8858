"""The spec's side of the response envelopes (``envelope.py``): wrapped objects and list schemas.

Applied to the assembled document, plug-ins' operations included: every 2xx response that names a
component schema gets the style's wrapper, every ``*List`` component the style's list shape, and
every link reading ``$response.body#/...`` looks inside the wrapper.
"""

from __future__ import annotations

from typing import Any

from reference_api.openapi.common import Spec, ref
from reference_api.settings import Settings

# Never wrapped: not API Resources (errors, the provider's callback answer, Pusher channel auth).
BARE_SCHEMAS = frozenset({"Error", "PaymentEventResult", "BroadcastAuth"})
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_NULLABLE_URL: Spec = {"type": ["string", "null"], "format": "uri"}
_NULLABLE_COUNT: Spec = {"type": ["integer", "null"], "minimum": 1}


def _obj(properties: dict[str, Spec]) -> Spec:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


PAGINATION_LINKS: Spec = _obj({name: _NULLABLE_URL for name in ("first", "last", "prev", "next")})
PAGINATION_META: Spec = _obj(
    {
        "current_page": {"type": "integer", "minimum": 1},
        "from": _NULLABLE_COUNT,
        "last_page": {"type": "integer", "minimum": 1},
        "links": {
            "type": "array",
            "items": _obj({"url": _NULLABLE_URL, "label": {"type": "string"}, "active": {"type": "boolean"}}),
        },
        "path": {"type": "string", "format": "uri"},
        "per_page": {"type": "integer", "minimum": 1},
        "to": _NULLABLE_COUNT,
        "total": {"type": "integer", "minimum": 0},
    }
)
CURSOR_PARAMETER: Spec = {
    "name": "cursor",
    "in": "query",
    "required": False,
    "description": "The `next_cursor` of the previous page; absent: the first page.",
    "schema": {"type": "string", "pattern": "^(?:[1-9][0-9]{0,3}|10000)$"},
}


def _data_list(item: Spec, paginated: bool, settings: Settings) -> Spec:
    data = {"type": "array", "items": item}
    if not paginated:
        return _obj({"data": data})
    if settings.style.schemas == "refs":  # scramble's shape: the shared part behind $ref, then allOf
        own = {"type": "object", "properties": {"data": data}, "required": ["data"]}
        return {"allOf": [ref("PaginatedCollection"), own], "unevaluatedProperties": False}
    return _obj({"data": data, "links": PAGINATION_LINKS, "meta": PAGINATION_META})


def _items_list(item: Spec) -> Spec:
    return _obj({"items": {"type": "array", "items": item}, "next_cursor": {"type": ["string", "null"]}})


def _operations(spec: Spec) -> list[Spec]:
    return [op for item in spec["paths"].values() for method, op in item.items() if method in HTTP_METHODS]


def _wrap_responses(spec: Spec, schemas: Spec) -> None:
    for operation in _operations(spec):
        for status, response in operation["responses"].items():
            media = response.get("content", {}).get("application/json")
            target = (media or {}).get("schema", {}).get("$ref", "")
            name = target.rpartition("/")[2]
            if not status.startswith("2") or not name or name in BARE_SCHEMAS or name.endswith("List"):
                continue
            schemas[f"{name}Resource"] = _obj({"data": ref(name)})
            media["schema"] = ref(f"{name}Resource")
            for link in response.get("links", {}).values():
                link["parameters"] = {
                    key: value.replace("$response.body#/", "$response.body#/data/")
                    for key, value in link["parameters"].items()
                }


def _cursor_instead_of_page(spec: Spec) -> None:
    for operation in _operations(spec):
        parameters = operation.get("parameters", [])
        for index, parameter in enumerate(parameters):
            if parameter.get("in") == "query" and parameter.get("name") == "page":
                parameters[index] = dict(CURSOR_PARAMETER)


def apply_envelopes(spec: Spec, settings: Settings) -> None:
    """Describe the style's envelopes in ``spec`` (in place); ``none`` leaves it as built."""
    envelope = settings.style.envelope
    if envelope == "none":
        return
    schemas: dict[str, Any] = spec["components"]["schemas"]
    for name in [name for name in schemas if name.endswith("List")]:
        properties = schemas[name]["properties"]
        item, paginated = properties["data"]["items"], "meta" in properties
        schemas[name] = _data_list(item, paginated, settings) if envelope == "data" else _items_list(item)
    if envelope == "items":
        _cursor_instead_of_page(spec)
        return
    if settings.style.schemas == "refs":
        schemas["PaginationLinks"], schemas["PaginationMeta"] = PAGINATION_LINKS, PAGINATION_META
        # open (no additionalProperties): the allOf beside it adds `data`
        schemas["PaginatedCollection"] = {
            "type": "object",
            "properties": {"links": ref("PaginationLinks"), "meta": ref("PaginationMeta")},
            "required": ["links", "meta"],
        }
    _wrap_responses(spec, schemas)
