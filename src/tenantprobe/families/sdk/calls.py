"""Call the target through the generated client, as a principal, and judge what it parsed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from tenantprobe.core.client import auth_headers, new_request_id
from tenantprobe.core.config import Config, Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.paced_transports import PacedTransport
from tenantprobe.families.sdk.generate import GeneratedClient
from tenantprobe.openapi.operations import iter_operations
from tenantprobe.openapi.permissions import holds, operation_key, required_permission
from tenantprobe.openapi.refs import follow
from tenantprobe.tenancy.identity import resolve_pointer


def _success_schema(spec: dict[str, Any], operation: dict[str, Any]) -> Any:
    for status, response in (operation.get("responses") or {}).items():
        if str(status).startswith("2"):
            content = (follow(spec, response) or {}).get("content") or {}
            for media, entry in content.items():
                if "json" in media and isinstance(entry, dict):
                    return follow(spec, entry.get("schema"))
    return None


def _is_listing(spec: dict[str, Any], schema: Any) -> bool:
    """An array, or an object with an array property (a page: ``{data: [...], meta: ...}``)."""
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "array":
        return True
    properties = schema.get("properties") or {}
    return any((follow(spec, value) or {}).get("type") == "array" for value in properties.values())


def list_operations(spec: dict[str, Any], exclude: str = "") -> list[str]:
    """GET operations without path or required parameters whose success body is a listing."""
    found = []
    for method, path, operation in iter_operations(spec):
        if method != "GET" or "{" in path or path == exclude:
            continue
        parameters = [follow(spec, p) or {} for p in operation.get("parameters") or []]
        if any(p.get("required") for p in parameters):
            continue
        if _is_listing(spec, _success_schema(spec, operation)):
            found.append(operation_key(method, path))
    return found


def choose_subject(
    config: Config, spec: dict[str, Any], candidates: list[str], wanted: str | None = None
) -> tuple[str, Principal] | None:
    """The first listing some non-admin principal is granted, with that principal (or ``wanted``)."""
    operations = {operation_key(m, p): op for m, p, op in iter_operations(spec)}
    # The least privileged first: an SDK must work for ordinary users, not only for admins.
    principals = [config.principal(wanted)] if wanted else config.principals()
    principals = sorted(principals, key=lambda p: config.permissions.rank.get(p.role, 0))
    for key in candidates:
        method, path = key.split(" ", 1)
        permission = required_permission(config, method, path, operations[key])
        for principal in principals:
            if not principal.is_admin and holds(config, principal, permission) is not False:
                return key, principal
    return None


@dataclass
class SdkCall:
    operation: str
    principal: str
    problem: str  # empty when the generated client sent, received and parsed as it should
    exchange: Exchange | None
    parsed: Any = None


def call_through_client(
    generated: GeneratedClient,
    config: Config,
    base_url: str,
    principal: Principal,
    token: str | None,
    key: str,
) -> SdkCall:
    method, path = key.split(" ", 1)
    module = generated.operation_module(method, path)
    if module is None:
        return SdkCall(key, principal.id, "the generated client has no function for it", None)
    seen: list[httpx.Response] = []

    def record(response: httpx.Response) -> None:
        response.read()
        seen.append(response)

    headers = auth_headers(config, principal, token)
    if config.request_id_header:
        headers[config.request_id_header] = new_request_id()
    # Paced like every request of the run: a 429 is waited out, never judged as the client's answer.
    client = generated.client(
        base_url, headers, config.target.timeout_s, on_response=record, transport=PacedTransport(principal.id)
    )
    problem, parsed = "", None
    try:
        result = module.sync_detailed(client=client)
        parsed = result.parsed
        if not 200 <= int(result.status_code) < 300:
            problem = f"the call answered `{int(result.status_code)}`, not a success"
        elif parsed is None:
            problem = "the generated client parsed nothing from the success response"
    except Exception as exc:  # noqa: BLE001 — whatever the generated code raises is the finding
        problem = f"the generated client raised {exc.__class__.__name__}: {str(exc)[:300]}"
    finally:
        client.get_httpx_client().close()
    exchange = Exchange.from_httpx(seen[-1], principal.id) if seen else None
    return SdkCall(key, principal.id, problem, exchange, parsed)


def parsed_value(parsed: Any, pointer: str | None) -> Any:
    """The value at ``pointer`` of what the generated model holds (through its ``to_dict``)."""
    document = parsed.to_dict() if hasattr(parsed, "to_dict") else parsed
    return resolve_pointer(document, pointer)


def first_list_length(value: Any) -> int | None:
    """Items in the listing: the array itself, or the first array property of a page object."""
    document = value.to_dict() if hasattr(value, "to_dict") else value
    if isinstance(document, list):
        return len(document)
    if isinstance(document, dict):
        return next((len(v) for v in document.values() if isinstance(v, list)), None)
    return None
