"""``--schemas refs``: the spec as scribe/scramble generate it, enums and shared objects behind $ref.

The document is built inline (request bodies are validated against those very schemas); this pass
names the enums (``RoleName``, ``Currency``, ``Timezone``, ``InvoiceStatus``) and the id schema
(``Id``), then replaces every sub-schema equal to a named component by a ``$ref`` to it. The
meaning does not change, only where a reader must look.
"""

from __future__ import annotations

import copy
from typing import Any

from reference_api.openapi.common import Spec, ref
from reference_api.openapi.schemas import id_schema
from reference_api.settings import Settings


def _named_pieces(schemas: dict[str, Any], settings: Settings) -> dict[str, Spec]:
    return {
        "RoleName": schemas["MemberUpdate"]["properties"]["role"],
        "Currency": schemas["Team"]["properties"]["currency"],
        "Timezone": schemas["Team"]["properties"]["timezone"],
        "InvoiceStatus": schemas["Invoice"]["properties"]["status"],
        "Id": id_schema(settings.ids),
    }


def _replace_equal(node: Any, named: list[tuple[str, Spec]]) -> Any:
    """``node`` with every sub-schema equal to a named one replaced by its $ref (the root too)."""
    if isinstance(node, dict):
        for name, schema in named:
            if node == schema:
                return ref(name)
        return {key: _replace_equal(value, named) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace_equal(item, named) for item in node]
    return node


def apply_refs(spec: Spec, settings: Settings) -> None:
    """Name enums and shared objects and refer to them (in place); ``inline`` leaves ``spec`` alone."""
    if settings.style.schemas != "refs":
        return
    schemas: dict[str, Any] = spec["components"]["schemas"]
    pieces = _named_pieces(schemas, settings)
    # a member's role is one of the role names too (an enum cast), and so is each of /me's roles
    role = copy.deepcopy(pieces["RoleName"])
    schemas["Member"]["properties"]["role"] = role
    me = schemas["Me"]["properties"]
    if "roles" in me:  # the path dialect's /me lists memberships, whose role is already the enum
        me["roles"]["items"] = role
    schemas.update(copy.deepcopy(pieces))
    # objects first (a Team holds a Currency), then the small pieces; larger objects before smaller
    objects = [
        (name, copy.deepcopy(schema))
        for name, schema in schemas.items()
        if name not in pieces and schema.get("type") == "object" and schema.get("properties")
    ]
    objects.sort(key=lambda entry: -len(repr(entry[1])))
    named = [*objects, *pieces.items()]
    for name in list(schemas):
        others = [(other, schema) for other, schema in named if other != name]
        schemas[name] = {key: _replace_equal(value, others) for key, value in schemas[name].items()}
    for key in ("paths", "webhooks"):
        if key in spec:
            spec[key] = _replace_equal(spec[key], named)
