"""Learn each operation's response envelope from the spec, with tenants.yaml's ``envelope:`` on top.

A response schema with the id field at its top is bare. Otherwise the object is the one object-typed
property that holds the resource (``{data: Customer}``), and list items are the one array of
objects beside pagination metadata (``{data, links, meta}``, ``{items, next_cursor}``, HAL
``_embedded: {things: [...]}``); JSON:API objects keep their fields under ``attributes``.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Config
from tenantprobe.core.envelope import BARE, Envelope, Envelopes, has_pointer
from tenantprobe.core.json_pointer import escape, unescape
from tenantprobe.openapi.operations import Operation, operations, success_schema
from tenantprobe.openapi.schemas import main_type, properties_of, resolve

_MAX_DEPTH = 3  # how deep an envelope may hide the object (HAL: /_embedded/things)


def learn_envelopes(spec: dict[str, Any], config: Config) -> Envelopes:
    """The envelope of every operation: tenants.yaml's per operation, else the spec's, else the default."""
    block = config.block("envelope")
    id_field = str(config.block("canaries").get("id_field", "id"))
    default = _configured(block, "envelope") or BARE
    overrides = {
        str(key): _configured(value, f"envelope.operations.{key}") or BARE
        for key, value in (block.get("operations") or {}).items()
    }
    found: dict[str, Envelope] = {}
    for operation in operations(spec):
        if operation.key in overrides:
            found[operation.key] = overrides[operation.key]
            continue
        learned = envelope_of(spec, operation, id_field)
        found[operation.key] = learned if learned is not None else default
    return Envelopes(found, default)


def envelope_of(spec: dict[str, Any], operation: Operation, id_field: str = "id") -> Envelope | None:
    """What the operation's success response schema says; None when it says nothing usable."""
    schema = success_schema(spec, operation)
    if not schema:
        return None
    if main_type(spec, schema) == "array":
        return Envelope(items="", attributes=_attributes(spec, schema.get("items"), id_field))
    items = _array_of_objects(spec, schema, "", 0)
    obj = "" if _is_resource(spec, schema, id_field) else _object_property(spec, schema, id_field)
    if items is None and obj is None:
        return None
    holder = resolve(spec, schema)
    attributes = ""
    if items is not None:
        attributes = _attributes(spec, resolve(spec, _at(spec, holder, items)).get("items"), id_field)
    elif obj:
        attributes = _attributes(spec, _at(spec, holder, obj), id_field)
    return Envelope(object=obj or "", items=items, attributes=attributes)


def verify_envelope(envelope: Envelope, body: Any, *, listing: bool) -> str | None:
    """Why a configured envelope does not fit a real 2xx response, naming its key; None when it fits."""
    if envelope.source in ("spec", "default") or body is None:
        return None
    pointer = envelope.items if listing else envelope.object
    if pointer is None or has_pointer(body, pointer):
        return None
    keys = ", ".join(f"`{key}`" for key in list(body)[:8]) if isinstance(body, dict) else type(body).__name__
    what = "items" if listing else "object"
    return (
        f"tenants.yaml `{envelope.source}.{what}` is `{pointer}`, which matches nothing in the real response "
        f"(it has {keys}): set it to the JSON pointer of the {what} in the response, or remove it "
        "to use what the spec's response schema says"
    )


def _configured(block: Any, source: str) -> Envelope | None:
    if not isinstance(block, dict) or not {"object", "items", "attributes"} & set(block):
        return None
    items = block.get("items")
    return Envelope(
        object=str(block.get("object", "")),
        items=None if items is None else str(items),
        attributes=str(block.get("attributes", "")),
        source=source,
    )


def _is_resource(spec: dict[str, Any], schema: Any, id_field: str) -> bool:
    return id_field in properties_of(spec, schema)


def _object_property(spec: dict[str, Any], schema: Any, id_field: str) -> str | None:
    """The one object-typed property that is the resource (carries the id), or the only one there is."""
    candidates = {
        name: prop for name, prop in properties_of(spec, schema).items() if main_type(spec, prop) == "object"
    }
    resources = [name for name, prop in candidates.items() if _is_resource(spec, prop, id_field)]
    if len(resources) == 1:
        return "/" + escape(resources[0])
    if len(candidates) == 1 and len(properties_of(spec, schema)) == 1:
        return "/" + escape(next(iter(candidates)))
    return None


def _array_of_objects(spec: dict[str, Any], schema: Any, at: str, depth: int) -> str | None:
    """The pointer of the one array of objects (beside metadata), looking a few objects deep."""
    arrays, objects = [], []
    for name, prop in properties_of(spec, schema).items():
        kind = main_type(spec, prop)
        if kind == "array" and main_type(spec, prop.get("items")) == "object":
            arrays.append(f"{at}/{escape(name)}")
        elif kind == "object" and depth < _MAX_DEPTH:
            objects.append((name, prop))
    if len(arrays) == 1:
        return arrays[0]
    if arrays:
        return None  # two lists of objects: the spec does not say which holds the items
    inner = [_array_of_objects(spec, prop, f"{at}/{escape(name)}", depth + 1) for name, prop in objects]
    found = [pointer for pointer in inner if pointer is not None]
    return found[0] if len(found) == 1 else None


def _attributes(spec: dict[str, Any], item: Any, id_field: str) -> str:
    """``/attributes`` for JSON:API resource objects (``{id, type, attributes}``), else ``""``."""
    props = properties_of(spec, item)
    attributes = props.get("attributes")
    if id_field in props and attributes is not None and main_type(spec, attributes) == "object":
        return "/attributes"
    return ""


def _at(spec: dict[str, Any], schema: dict[str, Any], pointer: str) -> dict[str, Any]:
    node = schema
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        node = properties_of(spec, node).get(unescape(part), {})
    return node
