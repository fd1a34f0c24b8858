"""Pusher-compatible channel authorization: socket ids, channel names and their HMAC signatures.

A channel auth string is `<app key>:<hex HMAC-SHA256(app secret, socket_id:channel[:channel_data])>`.
The server signs it in `POST /broadcasting/auth`; the WebSocket server verifies it on subscribe.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

SOCKET_ID_PATTERN = re.compile(r"^[0-9]+\.[0-9]+$")
TEAM_CHANNEL_PATTERN = re.compile(r"^(private|presence)-team\.([A-Za-z0-9-]+)$")
PRIVATE_PREFIX = "private-"
PRESENCE_PREFIX = "presence-"


@dataclass(frozen=True)
class AppCredentials:
    app_id: str
    key: str
    secret: str


def is_valid_socket_id(socket_id: str) -> bool:
    return bool(SOCKET_ID_PATTERN.match(socket_id))


def needs_auth(channel: str) -> bool:
    return channel.startswith((PRIVATE_PREFIX, PRESENCE_PREFIX))


def is_presence(channel: str) -> bool:
    return channel.startswith(PRESENCE_PREFIX)


def team_of_channel(channel: str) -> str | None:
    """The team id a `private-team.{id}` / `presence-team.{id}` channel belongs to, else None."""
    match = TEAM_CHANNEL_PATTERN.match(channel)
    return match.group(2) if match else None


def team_channels(team_id: object) -> tuple[str, str]:
    return f"private-team.{team_id}", f"presence-team.{team_id}"


def string_to_sign(socket_id: str, channel: str, channel_data: str | None = None) -> str:
    base = f"{socket_id}:{channel}"
    return f"{base}:{channel_data}" if channel_data else base


def channel_signature(secret: str, socket_id: str, channel: str, channel_data: str | None = None) -> str:
    message = string_to_sign(socket_id, channel, channel_data).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def auth_string(app: AppCredentials, socket_id: str, channel: str, channel_data: str | None = None) -> str:
    return f"{app.key}:{channel_signature(app.secret, socket_id, channel, channel_data)}"


def verify_auth_string(
    app: AppCredentials, auth: str, socket_id: str, channel: str, channel_data: str | None = None
) -> str | None:
    """None when `auth` is valid for this socket and channel, else a message saying what is wrong."""
    key, sep, signature = auth.partition(":")
    if not sep or not signature:
        return "Auth value must be `<app key>:<hex signature>`."
    if key != app.key:
        return "Auth value names a different app key."
    expected = channel_signature(app.secret, socket_id, channel, channel_data)
    if not hmac.compare_digest(expected, signature):
        return (
            "Invalid signature: expected HMAC-SHA256 hex digest of "
            f"`{string_to_sign(socket_id, channel, channel_data)}`."
        )
    return None
