"""A made-up broadcasting target for the events seam tests: a channel auth endpoint and an event stream
behind ``httpx.MockTransport``, and a Pusher protocol server on a loopback port.

Tenants red and blue of ``mock_target`` (the bearer token says who calls); team ``N``'s private channel
is ``private-team.N``. The target answers as a well-built one would, unless a planted weakness named
in ``defects`` says otherwise, so each test turns on exactly the condition its judge decides.
"""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

from tenantprobe.families.events.settings import EventsSettings, StreamSettings
from tenantprobe.families.events.signing import channel_signature, sign_channel
from tests.unit.mock_target import SPEC, TENANT_IDS, caller

APP_KEY, APP_SECRET = "seam-key", "seam-secret"
AUTH_PATH, STREAM_PATH = "/broadcasting/auth", "/events"
EVENT = "project.created"
_ITEM = {
    "type": "object",
    "properties": {"event": {"type": "string"}, "data": {"type": "object", "required": ["name"]}},
    "required": ["event", "data"],
}
_STREAM_OK = {"200": {"description": "events", "content": {"text/event-stream": {"itemSchema": _ITEM}}}}
STREAM_SPEC: dict[str, Any] = {
    **SPEC,
    "paths": {**SPEC["paths"], STREAM_PATH: {"get": {"responses": _STREAM_OK}}},
}


def events_settings(websocket_url: str = "ws://127.0.0.1:9/app/{app_key}", **changes: Any) -> EventsSettings:
    """The events block a team with this target would write (short waits: everything is local)."""
    fields: dict[str, Any] = {
        "websocket_url": websocket_url,
        "app_key": APP_KEY,
        "app_secret": APP_SECRET,
        "auth_path": AUTH_PATH,
        "auth_formats": ("json",),
        "refused_status": (403,),
        "private_channel": "private-team.{tenant_id}",
        "presence_channel": None,
        "triggers": (),
        "webhook_payload_field": "data",
        "wait_s": 0.5,
        "transport": "pusher",
        "stream": StreamSettings(operation=f"GET {STREAM_PATH}"),
    }
    return EventsSettings(**{**fields, **changes})


@dataclass
class MockBroadcaster:
    """The target's HTTP side: channel auth, and each team's event stream with its backlog."""

    defects: set[str] = field(default_factory=set)
    backlog: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # (team, event, data)
    issued: dict[str, list[str]] = field(default_factory=dict)  # channel -> sockets the endpoint signed for

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def broadcast(self, tenant: str, data: dict[str, Any]) -> None:
        self.backlog.append((TENANT_IDS[tenant], EVENT, data))

    def handle(self, request: httpx.Request) -> httpx.Response:
        who = caller(request)
        if request.url.path == AUTH_PATH:
            return self._channel_auth(request, who)
        if who is None and "stream_open_to_anonymous" not in self.defects:
            return httpx.Response(401, json={"message": "unauthenticated"})
        team = TENANT_IDS[who[0]] if who else 0
        selected = request.headers.get("X-Team")
        if selected is not None and selected != str(team):
            exists = selected in {str(team_id) for team_id in TENANT_IDS.values()}
            if exists and "stream_foreign_open" in self.defects:
                team = int(selected)
            elif exists and "stream_foreign_forbidden" in self.defects:
                return httpx.Response(403, json={"error": "not your team"})
            else:
                return httpx.Response(404, json={"message": "no such team"})
        if "own_stream_refused" in self.defects:
            return httpx.Response(403, json={"message": "forbidden"})
        return self._stream(request, team)

    def _channel_auth(self, request: httpx.Request, who: tuple[str, str] | None) -> httpx.Response:
        if who is None:
            return httpx.Response(401, json={"message": "unauthenticated"})
        body = json.loads(request.content)
        socket_id, channel = body["socket_id"], body["channel_name"]
        if channel != f"private-team.{TENANT_IDS[who[0]]}":
            return httpx.Response(403, json={"message": "forbidden"})
        self.issued.setdefault(channel, []).append(socket_id)
        return httpx.Response(200, json={"auth": sign_channel(APP_KEY, APP_SECRET, socket_id, channel)})

    def _stream(self, request: httpx.Request, team: int) -> httpx.Response:
        """The team's events after ``Last-Event-ID``; all teams' on a replay with ``backlog_unscoped``."""
        after = request.headers.get("Last-Event-ID")
        unscoped = after is not None and "backlog_unscoped" in self.defects
        lines = [
            f"id: {number}\nevent: {event}\ndata: {json.dumps(data)}\n\n"
            for number, (owner, event, data) in enumerate(self.backlog, start=1)
            if (owner == team or unscoped) and number > int(after or 0)
        ]
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, content="".join(lines))


@contextmanager
def pusher_server(target: MockBroadcaster) -> Iterator[str]:
    """A Pusher protocol server on a free loopback port; yields its WebSocket URL template.

    It accepts a subscription only with an auth signed with the app secret for that socket and
    channel, unless the target's ``subscribe_unverified`` (any auth) or ``auth_not_bound_to_socket``
    (a genuine signature issued for any socket); ``subscriptions_refused`` refuses every one.
    """
    sockets = iter(range(1, 1000))

    def session(connection: ServerConnection) -> None:
        socket_id = f"{next(sockets)}.{4242}"
        established = {"event": "pusher:connection_established", "data": json.dumps({"socket_id": socket_id})}
        connection.send(json.dumps(established))
        try:
            for raw in connection:
                message = json.loads(raw)
                if message.get("event") == "pusher:subscribe":
                    connection.send(json.dumps(_answer(target, socket_id, message["data"])))
        except ConnectionClosed:
            pass

    with serve(session, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"ws://127.0.0.1:{port}/app/{{app_key}}?protocol=7"
        finally:
            server.shutdown()
            thread.join(2)


def _answer(target: MockBroadcaster, socket_id: str, data: dict[str, Any]) -> dict[str, Any]:
    channel, signature = data["channel"], str(data.get("auth", "")).partition(":")[2]
    signed_for = [socket_id]
    if "auth_not_bound_to_socket" in target.defects:
        signed_for += target.issued.get(channel, [])
    genuine = any(
        hmac.compare_digest(channel_signature(APP_SECRET, sid, channel), signature) for sid in signed_for
    )
    if "subscriptions_refused" not in target.defects and (
        genuine or "subscribe_unverified" in target.defects
    ):
        return {"event": "pusher_internal:subscription_succeeded", "channel": channel, "data": "{}"}
    return {"event": "pusher:subscription_error", "channel": channel, "data": json.dumps({"status": 403})}
