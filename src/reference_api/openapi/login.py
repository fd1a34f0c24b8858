"""The spec of ``POST /api/v1/login`` (the login dialect only): public, email + password for a token.

Its schemas are inline, not components: the answer is no API Resource, so no style wraps it, and
the other dialects' documents stay exactly as they were.
"""

from __future__ import annotations

from reference_api.openapi.common import Spec, error_responses, json_response
from reference_api.openapi.schemas import EMAIL_PATTERN
from reference_api.settings import Settings

LOGIN_PATH = "/api/v1/login"
TOKEN_PATTERN = r"^[0-9]+\|[A-Za-z0-9]{40}$"

LOGIN_REQUEST: Spec = {
    "type": "object",
    "properties": {
        "email": {"type": "string", "maxLength": 255, "pattern": EMAIL_PATTERN},
        "password": {"type": "string", "minLength": 1, "maxLength": 255},
    },
    "required": ["email", "password"],
    "additionalProperties": False,
}

LOGIN_TOKEN: Spec = {
    "type": "object",
    "properties": {
        "token": {
            "type": "string",
            "pattern": TOKEN_PATTERN,
            "description": "A new personal access token `<id>|<secret>`, bound to the user's home team.",
        },
        "token_type": {"type": "string", "enum": ["Bearer"]},
    },
    "required": ["token", "token_type"],
    "additionalProperties": False,
}

WRONG_CREDENTIALS = "These credentials do not match our records."


def login_paths(settings: Settings) -> dict[str, Spec]:
    """``{LOGIN_PATH: ...}`` in the login dialect, else nothing."""
    if settings.auth != "login":
        return {}
    errors = error_responses(settings, 401, 422, 429)
    errors["401"]["description"] = (
        f"Unauthenticated: `{WRONG_CREDENTIALS}` (unknown email or wrong password)."
    )
    operation: Spec = {
        "operationId": "login",
        "summary": "Log in: a fresh token for the user's home team",
        "description": (
            "Every call issues a new token (earlier ones keep working); send it as "
            "`Authorization: Bearer <token>`. The token acts in the team of the user's first membership."
        ),
        "tags": ["auth"],
        "security": [],
        "requestBody": {"required": True, "content": {"application/json": {"schema": LOGIN_REQUEST}}},
        "responses": {
            "200": json_response(settings, 200, "Logged in: the new token.", LOGIN_TOKEN),
            **errors,
        },
    }
    return {LOGIN_PATH: {"post": operation}}
