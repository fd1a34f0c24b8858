"""Is an error response actionable? One pure function per configured error format.

An actionable error is a JSON body a person can read: a non-empty human message, and for
validation errors (422) the names of the offending fields. ``errors.format`` in tenants.yaml
picks the shape: ``laravel`` (``{message, errors}``), ``problem`` (RFC 9457 problem details) or
``any`` (a JSON object with some message; validation errors list their fields somewhere).
A field name is a non-empty string, unless the request itself sent a field named ``""``: then
naming it is exactly right (generated bodies do send such keys).
"""

from __future__ import annotations

import json
from typing import Any

VALIDATION_STATUS = 422
# Where RFC 9457 problem documents conventionally list invalid fields (the RFC leaves it open).
_PROBLEM_FIELD_KEYS = ("errors", "invalid-params", "invalid_params")
# What a JSON error body of no declared shape uses for its message, in order of preference.
_ANY_MESSAGE_KEYS = ("message", "detail", "title", "error_description", "error", "msg", "description")
_ANY_FIELD_KEYS = ("errors", "invalid-params", "invalid_params", "detail", "fields", "violations")


def error_shape_problem(
    error_format: str, status: int, content_type: str, body: bytes, request_body: bytes | None = None
) -> str | None:
    """Why this 4xx/5xx response is not actionable, or ``None`` when it is."""
    if not body.strip():
        return "the body is empty: say what went wrong and how to fix it in a JSON message"
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return f"the body is not JSON (`{content_type or 'no content type'}`): {_preview(body)}"
    if not isinstance(document, dict):
        return f"the body is JSON but not an object: {_preview(body)}"
    empty_sent = _sends_empty_name(request_body)
    if error_format == "laravel":
        return _laravel_problem(status, document, empty_sent)
    if error_format == "problem":
        return _problem_details_problem(status, content_type, document, empty_sent)
    return _any_problem(status, document, empty_sent)


def _laravel_problem(status: int, document: dict[str, Any], empty_sent: bool) -> str | None:
    if not _is_text(document.get("message")):
        return "no human-readable `message` string (errors.format is laravel: `{message, errors}`)"
    if status == VALIDATION_STATUS and not _names_fields(document.get("errors"), empty_sent):
        return "a validation error without `errors` naming the invalid fields (`{field: [messages]}`)"
    return None


def _problem_details_problem(
    status: int, content_type: str, document: dict[str, Any], empty_sent: bool
) -> str | None:
    if not _is_text(document.get("title")) and not _is_text(document.get("detail")):
        return "no `title` or `detail` string (errors.format is problem: RFC 9457 problem details)"
    if "problem+json" not in content_type.lower():
        return f"content type `{content_type or 'none'}`, not `application/problem+json` (RFC 9457)"
    if status == VALIDATION_STATUS and not any(
        _names_fields(document.get(k), empty_sent) for k in _PROBLEM_FIELD_KEYS
    ):
        keys = " or ".join(f"`{key}`" for key in _PROBLEM_FIELD_KEYS)
        return f"a validation error without {keys} naming the invalid fields"
    return None


def _any_problem(status: int, document: dict[str, Any], empty_sent: bool) -> str | None:
    nested = document.get("error")
    candidates = [document.get(key) for key in _ANY_MESSAGE_KEYS]
    if isinstance(nested, dict):
        candidates += [nested.get(key) for key in _ANY_MESSAGE_KEYS]
    for key in _ANY_FIELD_KEYS:  # a list of entries with their own messages (FastAPI's `detail`)
        entries = document.get(key)
        if isinstance(entries, list):
            candidates += [e.get(k) for e in entries if isinstance(e, dict) for k in _ANY_MESSAGE_KEYS]
    if not any(_is_text(value) for value in candidates):
        keys = ", ".join(f"`{key}`" for key in _ANY_MESSAGE_KEYS)
        return f"no human-readable message (looked for {keys})"
    if status == VALIDATION_STATUS and not any(
        _names_fields(document.get(k), empty_sent) for k in _ANY_FIELD_KEYS
    ):
        keys = ", ".join(f"`{key}`" for key in _ANY_FIELD_KEYS)
        return f"a validation error that names no field (looked for {keys})"
    return None


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _names_fields(value: Any, empty_sent: bool) -> bool:
    """A non-empty mapping of field names, or a non-empty list of entries that each point at a field."""
    if isinstance(value, dict):
        return bool(value) and all(isinstance(key, str) and (key or empty_sent) for key in value)
    if isinstance(value, list) and value:
        return all(isinstance(item, dict) and _field_of(item, empty_sent) for item in value)
    return False


def _field_of(entry: dict[str, Any], empty_sent: bool) -> bool:
    for key in ("field", "name", "pointer", "loc", "path", "property", "param"):
        value = entry.get(key)
        if value not in (None, "", []) or (value == "" and empty_sent):
            return True
    return False


def _sends_empty_name(request_body: bytes | None) -> bool:
    """Whether the request's JSON body has a member named ``""`` at any depth."""
    if not request_body:
        return False
    try:
        pending = [json.loads(request_body)]
    except (ValueError, UnicodeDecodeError, RecursionError):
        return False
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if "" in node:
                return True
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return False


def _preview(body: bytes, limit: int = 80) -> str:
    text = body[:limit].decode("utf-8", "replace").replace("\n", " ")
    return f"`{text}`" + ("…" if len(body) > limit else "")
