"""The spec's part for broadcasting: `POST /broadcasting/auth` (the WebSocket itself is not HTTP)."""

from __future__ import annotations

from typing import Any

from reference_api.context import AppContext
from reference_api.openapi.common import SECURITY_SCHEME, Spec, error_responses, json_response, ref

from .auth import SOCKET_ID_PATTERN

AUTH_PATTERN = r"^[^:]+:[0-9a-f]{64}$"


def broadcast_schemas() -> dict[str, Spec]:
    request = {
        "type": "object",
        "required": ["socket_id", "channel_name"],
        "properties": {
            "socket_id": {
                "type": "string",
                "pattern": SOCKET_ID_PATTERN.pattern,
                "description": "The socket id from `pusher:connection_established`.",
            },
            "channel_name": {
                "type": "string",
                "minLength": 1,
                "description": "`private-team.{team_id}` or `presence-team.{team_id}`.",
            },
            "channel_data": {"type": "string", "description": "Ignored: the server builds presence data."},
        },
    }
    response = {
        "type": "object",
        "required": ["auth"],
        "additionalProperties": False,
        "properties": {
            "auth": {
                "type": "string",
                "pattern": AUTH_PATTERN,
                "description": "`<app key>:<hex HMAC-SHA256(secret, socket_id:channel[:channel_data])>`.",
            },
            "channel_data": {
                "type": "string",
                "description": "Presence only: `{user_id, user_info}` as JSON.",
            },
        },
    }
    return {"BroadcastAuthRequest": request, "BroadcastAuth": response}


def extend_spec(spec: dict[str, Any], ctx: AppContext) -> None:
    settings = ctx.settings
    body = ref("BroadcastAuthRequest")
    operation = {
        "operationId": "authorizeChannel",
        "summary": "Sign a Pusher channel subscription for the caller's own team",
        "description": (
            "Pusher-compatible channel authorization. Only the current team's `private-team.{team_id}` and "
            "`presence-team.{team_id}` channels are signed; any other channel answers 403. Events of the "
            "team are broadcast there as `{event, channel, data}` over the Pusher protocol (v7) WebSocket "
            "at `/app/{app_key}`."
        ),
        "tags": ["broadcasting"],
        "security": [{SECURITY_SCHEME: []}],
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {"schema": body},
                "application/json": {"schema": body},
            },
        },
        "responses": {
            "200": json_response(settings, 200, "The signature.", ref("BroadcastAuth"), rate_limited=False),
            **error_responses(settings, 401, 403, 422, rate_limited=False),
        },
    }
    spec["paths"]["/broadcasting/auth"] = {"post": operation}
    spec["components"]["schemas"].update(broadcast_schemas())
    spec["x-broadcasting"] = {
        "protocol": "pusher",
        "version": 7,
        "websocket_path": "/app/{app_key}",
        "channels": ["private-team.{team_id}", "presence-team.{team_id}"],
    }
    spec.setdefault("tags", []).append({"name": "broadcasting"})
