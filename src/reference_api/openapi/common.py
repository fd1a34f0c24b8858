"""Shared pieces of the spec: security schemes, response headers, error responses.

Plug-ins (webhooks, broadcasting) build their operations from these too, so every operation
declares the same headers and error shapes in every dialect.
"""

from __future__ import annotations

from typing import Any

from reference_api.settings import Settings

Spec = dict[str, Any]

SECURITY_SCHEME = "sanctumToken"

ERROR_DESCRIPTIONS: dict[int, str] = {
    401: "Unauthenticated: the token is missing, unknown or revoked.",
    403: "Forbidden: the role lacks the permission named in `required_permission`, or the team header "
    "names a team the user does not belong to.",
    404: "Not found in the current team (objects of other teams are never revealed).",
    409: "Conflict with the object's current state.",
    422: "Validation failed: `errors` maps each field to its messages.",
    429: "Too many requests: retry after the announced number of seconds.",
}


def security_schemes(settings: Settings) -> Spec:
    if settings.auth == "api-key":
        scheme: Spec = {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "Personal access token `<id>|<secret>`.",
        }
    else:
        scheme = {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "Sanctum personal access token `<id>|<secret>`",
        }
        if settings.auth == "login":
            scheme["description"] = "A token from `POST /api/v1/login` (or a seeded one)."
    return {SECURITY_SCHEME: scheme}


def _header(schema: Spec, description: str, *, required: bool = True) -> Spec:
    return {"description": description, "required": required, "schema": schema}


def request_id_header() -> Spec:
    return {
        "X-Request-Id": _header(
            {"type": "string", "minLength": 1}, "Echo of the client's X-Request-Id, or a generated id."
        )
    }


def rate_limit_headers(settings: Settings, *, too_many: bool = False) -> Spec:
    """Headers of a rate-limited response in the configured dialect (``too_many``: a 429's extras too)."""
    integer = {"type": "integer", "minimum": 0}
    dialect = settings.ratelimit_headers
    if dialect == "ietf":
        headers = {
            "RateLimit-Policy": _header({"type": "string"}, 'Quota policy, e.g. `"default";q=60;w=60`.'),
            "RateLimit": _header({"type": "string"}, 'Remaining quota, e.g. `"default";r=59;t=30`.'),
        }
    elif dialect == "github":
        headers = {
            "x-ratelimit-limit": _header(integer, "Requests allowed per window."),
            "x-ratelimit-remaining": _header(integer, "Requests left in this window."),
            "x-ratelimit-used": _header(integer, "Requests made in this window."),
            "x-ratelimit-reset": _header(integer, "Unix time the window resets."),
            "x-ratelimit-resource": _header({"type": "string"}, "Rate-limit bucket."),
        }
    else:
        headers = {
            "X-RateLimit-Limit": _header(integer, "Requests allowed per window."),
            "X-RateLimit-Remaining": _header(integer, "Requests left in this window."),
        }
    if too_many:
        headers["Retry-After"] = _header(
            {"type": "integer", "minimum": 1}, "Seconds until a retry can succeed."
        )
        if dialect == "laravel":
            headers["X-RateLimit-Reset"] = _header(integer, "Unix time the window resets.")
    return headers


def response_headers(settings: Settings, status: int, *, rate_limited: bool = True) -> Spec:
    headers = request_id_header()
    if rate_limited:
        headers |= rate_limit_headers(settings, too_many=status == 429)
    return headers


def json_response(
    settings: Settings, status: int, description: str, schema: Spec | None, *, rate_limited: bool = True
) -> Spec:
    """A response object; ``schema`` None means no body (204)."""
    response: Spec = {
        "description": description,
        "headers": response_headers(settings, status, rate_limited=rate_limited),
    }
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    return response


def ref(name: str) -> Spec:
    return {"$ref": f"#/components/schemas/{name}"}


def error_responses(settings: Settings, *statuses: int, rate_limited: bool = True) -> Spec:
    """Error responses keyed by status string, each with the Error schema and the usual headers."""
    return {
        str(status): json_response(
            settings, status, ERROR_DESCRIPTIONS[status], ref("Error"), rate_limited=rate_limited
        )
        for status in statuses
    }
