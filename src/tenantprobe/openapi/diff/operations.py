"""Compare two OpenAPI documents operation by operation: paths, parameters, bodies, responses."""

from __future__ import annotations

from typing import Any

from tenantprobe.openapi.diff.model import SpecDiff
from tenantprobe.openapi.diff.schema import SchemaComparer
from tenantprobe.openapi.operations import operations as walk_operations
from tenantprobe.openapi.refs import follow


def operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """``"METHOD /path"`` → the operation, with path-level parameters merged in."""
    found: dict[str, dict[str, Any]] = {}
    for operation in walk_operations(spec):
        merged = dict(operation.spec)
        shared = (operation.item or {}).get("parameters") or []
        merged["parameters"] = [*shared, *(operation.spec.get("parameters") or [])]
        found[operation.key] = merged
    return found


def diff_specs(base: dict[str, Any], current: dict[str, Any]) -> SpecDiff:
    diff = SpecDiff()
    schemas = SchemaComparer(base, current, diff)
    old_ops, new_ops = operations(base), operations(current)
    for key, old in old_ops.items():
        if key not in new_ops:
            diff.add("breaking", "endpoint-removed", key, "", "operation removed: clients calling it break")
            continue
        new = new_ops[key]
        _parameters(base, current, diff, schemas, key, old, new)
        _request_body(base, current, diff, schemas, key, old, new)
        _responses(base, current, diff, schemas, key, old, new)
    for key in new_ops:
        if key not in old_ops:
            diff.add("info", "endpoint-added", key, "", "operation added")
    return diff


def _parameters_by_key(
    spec: dict[str, Any], operation: dict[str, Any]
) -> dict[tuple[str, str], dict[str, Any]]:
    found = {}
    for raw in operation.get("parameters") or []:
        parameter = follow(spec, raw)
        if isinstance(parameter, dict) and "name" in parameter:
            found[(str(parameter.get("in")), str(parameter["name"]))] = parameter
    return found


def _parameters(
    base: dict[str, Any], current: dict[str, Any], diff: SpecDiff, schemas: SchemaComparer,
    key: str, old: dict[str, Any], new: dict[str, Any],
) -> None:  # fmt: skip
    old_params, new_params = _parameters_by_key(base, old), _parameters_by_key(current, new)
    for (where, name), parameter in new_params.items():
        label = f"{where} parameter `{name}`"
        previous = old_params.get((where, name))
        if previous is None:
            if parameter.get("required"):
                diff.add("breaking", "new-required-request-parameter", key, label, f"new required {label}")
            else:
                diff.add("info", "new-optional-request-parameter", key, label, f"new optional {label}")
            continue
        if parameter.get("required") and not previous.get("required"):
            diff.add("breaking", "request-parameter-became-required", key, label, f"{label} is now required")
        schemas.compare(previous.get("schema"), parameter.get("schema"), "request", key, label)
    for where, name in old_params:
        if (where, name) not in new_params:
            label = f"{where} parameter `{name}`"
            diff.add("info", "request-parameter-removed", key, label, f"{label} removed (ignored if sent)")


def _json_schema(spec: dict[str, Any], holder: Any) -> Any:
    holder = follow(spec, holder)
    content = holder.get("content") if isinstance(holder, dict) else None
    if not isinstance(content, dict):
        return None
    for media, entry in content.items():
        if "json" in media and isinstance(entry, dict):
            return entry.get("schema")
    return None


def _request_body(
    base: dict[str, Any], current: dict[str, Any], diff: SpecDiff, schemas: SchemaComparer,
    key: str, old: dict[str, Any], new: dict[str, Any],
) -> None:  # fmt: skip
    old_body, new_body = follow(base, old.get("requestBody")), follow(current, new.get("requestBody"))
    if not isinstance(new_body, dict):
        return
    if new_body.get("required") and not (isinstance(old_body, dict) and old_body.get("required")):
        diff.add(
            "breaking", "request-body-became-required", key, "request body", "a request body is now required"
        )
    old_schema, new_schema = _json_schema(base, old_body), _json_schema(current, new_body)
    if old_schema is not None and new_schema is not None:
        schemas.compare(old_schema, new_schema, "request", key, "request body ")


def _responses(
    base: dict[str, Any], current: dict[str, Any], diff: SpecDiff, schemas: SchemaComparer,
    key: str, old: dict[str, Any], new: dict[str, Any],
) -> None:  # fmt: skip
    old_responses, new_responses = old.get("responses") or {}, new.get("responses") or {}
    for status, old_response in old_responses.items():
        status = str(status)
        success = status.startswith("2") or status == "default"
        if status not in {str(s) for s in new_responses}:
            if success:
                diff.add("breaking", "response-success-status-removed", key, f"response {status}",
                         f"success status {status} removed: clients expecting it break")  # fmt: skip
            else:
                diff.add("info", "response-non-success-status-removed", key, f"response {status}",
                         f"status {status} removed")  # fmt: skip
            continue
        new_response = next(v for s, v in new_responses.items() if str(s) == status)
        old_schema, new_schema = _json_schema(base, old_response), _json_schema(current, new_response)
        if old_schema is not None and new_schema is not None:
            schemas.compare(old_schema, new_schema, "response", key, f"response {status} body ")
        elif old_schema is not None and success:
            diff.add("breaking", "response-body-removed", key, f"response {status}", "the JSON body is gone")
    for status in new_responses:
        if str(status) not in {str(s) for s in old_responses}:
            diff.add("info", "response-status-added", key, f"response {status}", f"status {status} added")
