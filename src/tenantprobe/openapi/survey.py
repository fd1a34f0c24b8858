"""What a spec says about the keys of a tenants.yaml: credentials, tenant carrier, permissions, identity.

``tenantprobe init`` drafts a configuration from this survey. Each answer carries the evidence it
rests on (``why``), and what the spec does not say stays ``None``, so the draft can ask instead of
guessing. Nothing here knows a target: names are recognised by their shape (a header named like a
tenant, an extension whose values read like permissions), never by a list of one API's names.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tenantprobe.openapi.operations import (
    Operation,
    is_anonymous,
    json_body_schema,
    operations,
    parameters,
    success_statuses,
)
from tenantprobe.openapi.schemas import resolve
from tenantprobe.openapi.tenant_parameter import (
    bind_tenant_parameter,
    detect_tenant_parameter,
    is_tenant_like,
)

_IDENTITY_SEGMENTS = {"me", "whoami", "self", "current", "current-user", "current_user", "user", "profile"}
_PERMISSION_WORDS = re.compile(r"perm|scope|abilit|authori[sz]", re.IGNORECASE)
_REQUEST_ID = re.compile(r"^(x-)?(request|correlation|trace)[-_]?id$", re.IGNORECASE)
_MOST = 0.5


@dataclass(frozen=True)
class Found:
    """One answer of the survey and the evidence it rests on."""

    value: Any
    why: str


@dataclass
class SpecSurvey:
    title: str
    auth: Found | None = None  # {"carrier": "bearer"|"header", "header": name}
    auth_problem: str | None = None  # a scheme tenantprobe cannot carry (basic, query key, ...)
    carrier: Found | None = None  # {"in": ..., "name": ..., "value": "key"|"id"}
    permission_extension: Found | None = None  # the extension's name
    permissions: list[str] = field(default_factory=list)  # the values it takes
    role_names: list[str] = field(default_factory=list)  # an enum of roles in a request body
    identity: Found | None = None  # "/path" of the who-am-I GET
    tenant_field: Found | None = None  # a payload field naming the owning tenant
    error_format: Found | None = None
    request_id_header: Found | None = None
    ratelimit_headers: list[str] = field(default_factory=list)  # declared on responses
    credentialed: list[Operation] = field(default_factory=list)


def survey(spec: dict[str, Any]) -> SpecSurvey:
    """Survey ``spec``; a tenant path parameter found is bound to it (so readers see collections)."""
    carrier = _carrier(spec)
    bind_tenant_parameter(spec, carrier.value["name"] if carrier and carrier.value["in"] == "path" else None)
    ops = operations(spec)
    credentialed = [op for op in ops if not is_anonymous(spec, op)]
    found = SpecSurvey(
        title=str((spec.get("info") or {}).get("title") or "the API"), credentialed=credentialed
    )
    found.auth, found.auth_problem = _auth(spec)
    found.carrier = carrier
    found.permission_extension, found.permissions = _permission_extension(credentialed)
    found.role_names = _role_enum(spec, ops)
    found.identity = _identity(spec, credentialed)
    found.tenant_field = _tenant_field(spec, ops)
    found.error_format = _error_format(spec, ops)
    headers = _response_headers(spec, ops)
    found.request_id_header = _request_id(headers, len(ops))
    found.ratelimit_headers = sorted(name for name in headers if "ratelimit" in name.lower().replace("-", ""))
    return found


def _auth(spec: dict[str, Any]) -> tuple[Found | None, str | None]:
    schemes = (spec.get("components") or {}).get("securitySchemes") or {}
    for name, raw in schemes.items():
        scheme = resolve(spec, raw)
        kind, where = scheme.get("type"), f"securitySchemes.{name}"
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return Found({"carrier": "bearer"}, f"{where}: HTTP bearer"), None
        if kind == "apiKey" and scheme.get("in") == "header":
            header = str(scheme.get("name"))
            return Found({"carrier": "header", "header": header}, f"{where}: API key in `{header}`"), None
        if kind in ("oauth2", "openIdConnect"):
            return Found({"carrier": "bearer"}, f"{where}: {kind}, its access tokens sent as bearer"), None
    if schemes:
        described = ", ".join(f"{name} ({resolve(spec, s).get('type')})" for name, s in schemes.items())
        return None, f"the spec's security schemes ({described}) are none tenantprobe can carry as is"
    return None, "the spec declares no security scheme"


def _carrier(spec: dict[str, Any]) -> Found | None:
    path = detect_tenant_parameter(spec)
    if path is not None:
        why = f"path parameter `{{{path.name}}}` in {path.share:.0%} of the operations needing a credential"
        return Found({"in": "path", "name": path.name, "value": path.value}, why)
    counted: Counter[tuple[str, str]] = Counter()
    for op in operations(spec):
        for param in parameters(spec, op):
            where, name = str(param.get("in")), str(param.get("name"))
            if where in ("header", "query") and is_tenant_like(re.sub(r"^x-", "", name, flags=re.IGNORECASE)):
                counted[(where, name)] += 1
    if counted:
        (where, name), count = counted.most_common(1)[0]
        return Found(
            {"in": where, "name": name}, f"{where} parameter `{name}` declared on {count} operations"
        )
    for key, value in spec.items():
        if key.startswith("x-") and "tenant" in key.lower() and isinstance(value, str) and value:
            return Found({"in": "header", "name": value}, f"the spec's `{key}: {value}`")
    return None


def _permission_extension(credentialed: list[Operation]) -> tuple[Found | None, list[str]]:
    """The ``x-`` key on operations whose string values read like permissions (the most used one)."""
    counted: Counter[str] = Counter()
    for op in credentialed:
        counted.update(
            key for key, value in op.spec.items() if key.startswith("x-") and isinstance(value, str)
        )
    ranked = sorted(counted, key=lambda key: (not _PERMISSION_WORDS.search(key), -counted[key]))
    for key in ranked:
        if _PERMISSION_WORDS.search(key) or counted[key] / max(len(credentialed), 1) > _MOST:
            values = sorted({str(op.spec[key]) for op in credentialed if isinstance(op.spec.get(key), str)})
            why = f"`{key}` names a permission on {counted[key]} of {len(credentialed)} operations"
            return Found(key, why), values
    return None, []


def _role_enum(spec: dict[str, Any], ops: list[Operation]) -> list[str]:
    """An enum of a request-body property named ``role`` (or ``roles`` items): the API's role names."""
    for op in ops:
        body = json_body_schema(spec, op) or {}
        for name, raw in (resolve(spec, body).get("properties") or {}).items():
            if name.lower() not in ("role", "roles"):
                continue
            prop = resolve(spec, raw)
            values = prop.get("enum") or resolve(spec, prop.get("items")).get("enum")
            if isinstance(values, list) and values:
                return [str(value) for value in values]
    return []


def _identity(spec: dict[str, Any], credentialed: list[Operation]) -> Found | None:
    for op in credentialed:
        last = op.path.rstrip("/").rsplit("/", 1)[-1].lower()
        if op.method == "GET" and not op.params and "{" not in op.path and last in _IDENTITY_SEGMENTS:
            return Found(op.path, f"`GET {op.path}` needs a credential and names the caller")
    for op in credentialed:
        op_id = str(op.spec.get("operationId", "")).lower()
        if op.method == "GET" and "{" not in op.path and re.search(r"(^|[_-])(me|current|whoami)", op_id):
            return Found(op.path, f"`GET {op.path}` (operationId `{op.spec.get('operationId')}`)")
    return None


def _tenant_field(spec: dict[str, Any], ops: list[Operation]) -> Found | None:
    """A tenant-like ``*_id`` property of the objects operations answer with (the most common one)."""
    counted: Counter[str] = Counter()
    for op in ops:
        for status, raw in (op.spec.get("responses") or {}).items():
            if str(status).startswith("2"):
                for media in (resolve(spec, raw).get("content") or {}).values():
                    counted.update(_tenant_ids(spec, (media or {}).get("schema"), 0))
    for name, count in counted.most_common(1):
        return Found(name, f"`{name}` in the answers of {count} operations")
    return None


def _tenant_ids(spec: dict[str, Any], schema: Any, depth: int) -> set[str]:
    node = resolve(spec, schema)
    if depth > 3:
        return set()
    found = {str(n) for n in node.get("properties") or {} if str(n).endswith("id") and is_tenant_like(str(n))}
    for raw in [*(node.get("properties") or {}).values(), node.get("items")]:
        found |= _tenant_ids(spec, raw, depth + 1) if isinstance(raw, dict) else set()
    return found


def _error_format(spec: dict[str, Any], ops: list[Operation]) -> Found | None:
    for op in ops:
        for status, raw in (op.spec.get("responses") or {}).items():
            if not str(status).startswith("4"):
                continue
            content = resolve(spec, raw).get("content") or {}
            if any(media.startswith("application/problem+json") for media in content):
                return Found("problem", f"`{op.key}` answers {status} as application/problem+json")
            for media in content.values():
                props = resolve(spec, (media or {}).get("schema")).get("properties") or {}
                if "message" in props and "errors" in props:
                    return Found("laravel", f"`{op.key}` answers {status} as {{message, errors}}")
    return None


def _response_headers(spec: dict[str, Any], ops: list[Operation]) -> Counter[str]:
    """Each response header name, counted once per operation declaring it."""
    counted: Counter[str] = Counter()
    for op in ops:
        names = set()
        for raw in (op.spec.get("responses") or {}).values():
            names |= {str(name) for name in resolve(spec, raw).get("headers") or {}}
        counted.update(names)
    return counted


def _request_id(headers: Counter[str], total: int) -> Found | None:
    for name, count in headers.most_common():
        if _REQUEST_ID.match(name):
            return Found(name, f"response header `{name}` declared on {count} of {total} operations")
    return None


def listed_collections(spec: dict[str, Any]) -> list[str]:
    """Paths a credentialed GET lists (no object parameter), for the canaries' coverage notes."""
    return [
        op.path
        for op in operations(spec)
        if op.method == "GET" and not op.params and not is_anonymous(spec, op) and 200 in success_statuses(op)
    ]
