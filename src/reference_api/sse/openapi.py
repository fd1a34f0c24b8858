"""The spec's part for the event stream: ``GET /api/v1/events`` with a ``text/event-stream`` response.

OpenAPI 3.1 has no schema for the items of a stream, so the response's media type names one in
``x-item-schema`` (what OpenAPI 3.2 calls ``itemSchema``): ``StreamEvent``, one event as its
``id``/``event``/``data`` lines read, ``data`` parsed as JSON and typed by the event's name.
"""

from __future__ import annotations

from typing import Any

from reference_api.context import AppContext
from reference_api.events import EVENT_NAMES
from reference_api.openapi.common import SECURITY_SCHEME, Spec, error_responses, ref, response_headers

from .routes import EVENT_ID_PATTERN, LAST_EVENT_ID, STREAM_PATH

# Which resource each event carries, by the prefix of its name.
RESOURCE_OF = {"customer.": "Customer", "invoice.": "Invoice", "member.": "Member"}

DESCRIPTION = f"""\
Server-Sent Events of the current team: `id:`, `event:` (one of the webhook event names) and `data:`
(the resource as JSON) per event, `: heartbeat` comments in between, `retry:` once at the start.
Send `{LAST_EVENT_ID}` to resume after that id; `{LAST_EVENT_ID}: 0` replays the team's kept backlog
(the latest 1000 events of the app); without it only new events come. The server closes the stream
after a fixed lifetime; reconnect with the last id seen. Any member of the team may listen."""


def stream_schemas() -> dict[str, Spec]:
    variants = [
        {
            "type": "object",
            "required": ["id", "event", "data"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": EVENT_ID_PATTERN},
                "event": {
                    "type": "string",
                    "enum": [name for name in EVENT_NAMES if name.startswith(prefix)],
                },
                "data": ref(schema),
            },
        }
        for prefix, schema in RESOURCE_OF.items()
    ]
    return {"StreamEvent": {"description": "One event of the stream, its data parsed.", "oneOf": variants}}


def extend_spec(spec: dict[str, Any], ctx: AppContext) -> None:
    settings = ctx.settings
    last_event_id = {
        "name": LAST_EVENT_ID,
        "in": "header",
        "required": False,
        "description": "Resume after this event id; `0` replays the team's kept backlog.",
        "schema": {"type": "string", "pattern": EVENT_ID_PATTERN},
    }
    stream = {
        "description": "The team's events, until the server's stream lifetime ends or the client leaves.",
        "headers": response_headers(settings, 200),
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "string",
                    "description": "`id:`/`event:`/`data:` lines, blank line after each.",
                },
                "x-item-schema": ref("StreamEvent"),
            }
        },
    }
    operation = {
        "operationId": "streamEvents",
        "summary": "Stream the team's events (Server-Sent Events)",
        "description": DESCRIPTION,
        "tags": ["events"],
        "security": [{SECURITY_SCHEME: []}],
        "parameters": [last_event_id],
        "responses": {"200": stream, **error_responses(settings, 401, 403, 422, 429)},
    }
    spec["paths"][STREAM_PATH] = {"get": operation}
    spec["components"]["schemas"].update(stream_schemas())
    spec.setdefault("tags", []).append({"name": "events"})
