"""``X-Request-Id`` on every response and one JSON log line per request on stderr.

The client's request id is echoed when it is sane (printable ASCII, at most 200 characters),
otherwise one is generated. Unhandled exceptions become a JSON 500 here, so even a crash carries a
request id a person can grep the log for.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("reference_api.requests")

_MAX_ID_LENGTH = 200


def _client_request_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text: str = value.decode("latin-1")
            if 0 < len(text) <= _MAX_ID_LENGTH and text.isprintable() and text.isascii():
                return text
            return None
    return None


class RequestLogMiddleware:
    def __init__(self, app: ASGIApp, ctx: Any) -> None:
        self.app = app
        self.ctx = ctx

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _client_request_id(scope) or uuid.uuid4().hex
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        status = 500
        response_started = False
        drop_id_on_errors = self.ctx.defects.on("request_id_missing_on_errors")

        async def send_with_id(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status = message["status"]
                response_started = True
                if not (drop_id_on_errors and status >= 400):
                    message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            logger.exception("unhandled error in request %s", request_id)
            if not response_started:
                body = json.dumps({"message": "Server Error.", "request_id": request_id}).encode()
                headers = [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ]
                await send_with_id({"type": "http.response.start", "status": 500, "headers": headers})
                await send({"type": "http.response.body", "body": body})
        finally:
            route = scope.get("route")
            line = {
                "request_id": request_id,
                "team": state.get("log_team"),
                "user": state.get("log_user"),
                "method": scope.get("method"),
                "route": state.get("log_route") or getattr(route, "path", None) or scope.get("path"),
                "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 2),
            }
            if "log_org" in state:  # path dialect: the organisation the path named
                line["org"] = state["log_org"]
            sys.stderr.write(json.dumps(line) + "\n")
