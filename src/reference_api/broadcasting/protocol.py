"""The Pusher protocol (v7) as seen by one connection: a message in, zero or more replies out.

The WebSocket route owns the socket; this module owns the rules, so it can be tested without one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .auth import AppCredentials, is_presence, needs_auth, verify_auth_string
from .hub import Connection, Hub

ACTIVITY_TIMEOUT_S = 30

# Pusher close/error codes (https://pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol)
APP_DOES_NOT_EXIST = 4001
UNSUPPORTED_PROTOCOL = 4007
GENERIC_ERROR = 4200
CLIENT_EVENTS_REJECTED = 4301

Message = dict[str, Any]
# (channel, auth value, socket id, channel_data) -> None if allowed, else the reason
SubscribeGuard = Callable[[str, str, str, str | None], str | None]


def error(message: str, code: int | None = GENERIC_ERROR) -> Message:
    return {"event": "pusher:error", "data": {"code": code, "message": message}}


def connection_established(socket_id: str) -> Message:
    data = {"socket_id": socket_id, "activity_timeout": ACTIVITY_TIMEOUT_S}
    return {"event": "pusher:connection_established", "data": json.dumps(data)}


def subscription_error(channel: str, reason: str, status: int = 401) -> Message:
    data = {"type": "AuthError", "error": reason, "status": status}
    return {"event": "pusher:subscription_error", "channel": channel, "data": json.dumps(data)}


class PusherSession:
    def __init__(self, hub: Hub, connection: Connection, app: AppCredentials) -> None:
        self.hub = hub
        self.connection = connection
        self.app = app

    def default_guard(self, channel: str, auth: str, socket_id: str, channel_data: str | None) -> str | None:
        return verify_auth_string(self.app, auth, socket_id, channel, channel_data)

    def handle(self, raw: str, guard: SubscribeGuard | None = None) -> list[Message]:
        try:
            message = json.loads(raw)
        except ValueError:
            return [error('Message is not valid JSON; send {"event": ..., "data": ...}.')]
        if not isinstance(message, dict) or not isinstance(message.get("event"), str):
            return [error("Message must be a JSON object with a string `event`.")]
        event = message["event"]
        data = message.get("data")
        if isinstance(data, str):  # some clients send data as a JSON string
            try:
                data = json.loads(data)
            except ValueError:
                data = {}
        if not isinstance(data, dict):
            data = {}
        if event == "pusher:ping":
            return [{"event": "pusher:pong", "data": "{}"}]
        if event == "pusher:pong":
            return []
        if event == "pusher:subscribe":
            return self.subscribe(data, guard or self.default_guard)
        if event == "pusher:unsubscribe":
            channel = data.get("channel")
            if isinstance(channel, str):
                self.hub.unsubscribe(self.connection, channel)
            return []
        if event.startswith("client-"):
            return [error("Client events are not enabled for this app.", CLIENT_EVENTS_REJECTED)]
        return [error(f"Unsupported event {event!r}.")]

    def subscribe(self, data: dict[str, Any], guard: SubscribeGuard) -> list[Message]:
        channel = data.get("channel")
        if not isinstance(channel, str) or not channel:
            return [error("pusher:subscribe needs data.channel.")]
        channel_data = data.get("channel_data")
        if channel_data is not None and not isinstance(channel_data, str):
            return [subscription_error(channel, "channel_data must be a JSON string.", 400)]
        if needs_auth(channel):
            auth = data.get("auth")
            if not isinstance(auth, str):
                return [subscription_error(channel, "Private and presence channels need data.auth.")]
            reason = guard(channel, auth, self.connection.socket_id, channel_data)
            if reason is not None:
                return [subscription_error(channel, reason)]
        if not is_presence(channel):
            self.hub.subscribe(self.connection, channel)
            return [_succeeded(channel, {})]
        member = _presence_member(channel_data)
        if member is None:
            return [subscription_error(channel, "Presence channels need channel_data with a user_id.", 400)]
        self.hub.subscribe(self.connection, channel, member)
        members = self.hub.members(channel)
        presence = {"ids": list(members), "hash": members, "count": len(members)}
        return [_succeeded(channel, {"presence": presence})]


def _succeeded(channel: str, data: dict[str, Any]) -> Message:
    return {"event": "pusher_internal:subscription_succeeded", "channel": channel, "data": json.dumps(data)}


def _presence_member(channel_data: str | None) -> tuple[str, Any] | None:
    if channel_data is None:
        return None
    try:
        parsed = json.loads(channel_data)
    except ValueError:
        return None
    if not isinstance(parsed, dict) or "user_id" not in parsed:
        return None
    return str(parsed["user_id"]), parsed.get("user_info")
