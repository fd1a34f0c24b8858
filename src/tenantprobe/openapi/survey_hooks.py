"""What a spec says about webhooks, inbound callbacks, event streams and the objects canaries can be.

The second half of the survey ``tenantprobe init`` drafts from: an outbound registration (a POST whose
body takes a URL), its deletion, the events the spec's ``webhooks`` section names, operations that
receive signed callbacks without a credential, a Server-Sent Events stream, and which collections
canaries can be planted in (a create operation and a DELETE to remove them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tenantprobe.openapi.operations import (
    Operation,
    create_operations,
    find_operation,
    is_anonymous,
    item_path,
    json_body_schema,
    operations,
    parameters,
)
from tenantprobe.openapi.schemas import resolve
from tenantprobe.openapi.streams import stream_operations
from tenantprobe.openapi.survey import Found, listed_collections
from tenantprobe.openapi.tenant_parameter import is_tenant_like

_URL_FIELD = re.compile(
    r"^(url|uri|endpoint|target_url|callback_url|webhook_url|destination)$", re.IGNORECASE
)
_SIGNATURE = re.compile(r"signature|hmac", re.IGNORECASE)
_SECRET_FIELD = re.compile(r"secret", re.IGNORECASE)


@dataclass(frozen=True)
class Inbound:
    operation: str
    signature_header: str
    tenant_in: dict[str, str]  # {"path": "{tenant_id}"} / {"header": name}: where it names its tenant
    body_fields: list[str]


@dataclass
class HooksSurvey:
    register: Found | None = None  # "POST /path"
    register_body_field: str | None = None
    register_secret: str | None = None  # JSON pointer of the secret in the response, if declared
    delete: str | None = None  # "DELETE /path/{id}"
    events: list[str] = field(default_factory=list)  # the spec's `webhooks` names
    inbound: list[Inbound] = field(default_factory=list)
    stream: Found | None = None
    plantable: list[str] = field(default_factory=list)  # "POST /things" with a DELETE beside it
    unplantable: dict[str, str] = field(default_factory=dict)  # collection -> why no canary


def survey_hooks(spec: dict[str, Any]) -> HooksSurvey:
    found = HooksSurvey(events=[str(name) for name in (spec.get("webhooks") or {})])
    for op in operations(spec):
        if op.method == "POST" and not op.params and not is_anonymous(spec, op) and found.register is None:
            url_field = _url_field(spec, op)
            if url_field:
                found.register = Found(op.key, f"`{op.key}` takes a callback URL in `{url_field}`")
                found.register_body_field = url_field
                found.register_secret = _secret_pointer(spec, op)
                found.delete = _delete_of(spec, op.path)
        elif op.method == "POST" and is_anonymous(spec, op):
            inbound = _inbound(spec, op)
            if inbound is not None:
                found.inbound.append(inbound)
    streams = stream_operations(spec)
    if streams:
        found.stream = Found(streams[0].key, f"`{streams[0].key}` answers text/event-stream")
    _canary_collections(spec, found)
    return found


def _url_field(spec: dict[str, Any], op: Operation) -> str | None:
    for name, raw in (resolve(spec, json_body_schema(spec, op)).get("properties") or {}).items():
        prop = resolve(spec, raw)
        if _URL_FIELD.match(name) and prop.get("type") in ("string", None):
            return str(name)
        if prop.get("format") in ("uri", "url") and "url" in name.lower():
            return str(name)
    return None


def _secret_pointer(spec: dict[str, Any], op: Operation) -> str | None:
    """Where a registration's answer declares the signing secret (at the top or one object down)."""
    for status, raw in (op.spec.get("responses") or {}).items():
        if not str(status).startswith("2"):
            continue
        for media in (resolve(spec, raw).get("content") or {}).values():
            schema = resolve(spec, (media or {}).get("schema"))
            for name, prop in (schema.get("properties") or {}).items():
                if _SECRET_FIELD.search(name):
                    return f"/{name}"
                inner = resolve(spec, prop).get("properties") or {}
                secret = next((key for key in inner if _SECRET_FIELD.search(key)), None)
                if secret:
                    return f"/{name}/{secret}"
    return None


def _delete_of(spec: dict[str, Any], collection: str) -> str | None:
    item = item_path(spec, collection)
    return f"DELETE {item}" if item and find_operation(spec, "DELETE", item) else None


def _inbound(spec: dict[str, Any], op: Operation) -> Inbound | None:
    params = parameters(spec, op)
    signature = next(
        (str(p["name"]) for p in params if p.get("in") == "header" and _SIGNATURE.search(str(p.get("name")))),
        None,
    )
    if signature is None:
        return None
    tenant_in: dict[str, str] = {}
    for param in params:
        name, where = str(param.get("name")), param.get("in")
        bare = re.sub(r"^x-", "", name, flags=re.IGNORECASE)
        if where == "path" and is_tenant_like(name):
            tenant_in = {"path": name}
        elif where in ("header", "query") and is_tenant_like(bare):
            tenant_in = {str(where): name}
    fields = list(resolve(spec, json_body_schema(spec, op)).get("properties") or {})
    return Inbound(op.key, signature, tenant_in, fields)


def _canary_collections(spec: dict[str, Any], found: HooksSurvey) -> None:
    registering = found.register.value.split(" ", 1)[1] if found.register else None
    creatable = {op.path: op for op in create_operations(spec)}
    for collection in listed_collections(spec):
        if item_path(spec, collection) is None:
            continue  # nothing addressed by id under it (``/me``): no probe needs an object there
        if collection == registering:
            found.unplantable[collection] = "creating one starts webhook deliveries (left out)"
        elif collection not in creatable:
            found.unplantable[collection] = "no create operation (POST with a JSON body) on it"
        elif _delete_of(spec, collection) is None:
            found.unplantable[collection] = "no DELETE on its items: planted canaries would stay behind"
        else:
            found.plantable.append(f"POST {collection}")
