"""Pusher channel authorization signatures: what the auth endpoint signs and how to verify it.

An auth value is ``<app key>:<hex HMAC-SHA256(app secret, socket_id:channel_name[:channel_data])>``;
Pusher, soketi, Reverb and Laravel's broadcasters all sign this way.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

_HEX_SIGNATURE = re.compile(r"^[0-9a-f]{64}$")


def string_to_sign(socket_id: str, channel: str, channel_data: str | None = None) -> str:
    base = f"{socket_id}:{channel}"
    return f"{base}:{channel_data}" if channel_data else base


def channel_signature(secret: str, socket_id: str, channel: str, channel_data: str | None = None) -> str:
    message = string_to_sign(socket_id, channel, channel_data).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign_channel(
    app_key: str, secret: str, socket_id: str, channel: str, channel_data: str | None = None
) -> str:
    """The auth value a server holding ``secret`` issues for this socket and channel."""
    return f"{app_key}:{channel_signature(secret, socket_id, channel, channel_data)}"


def forged_auth(app_key: str, socket_id: str, channel: str) -> str:
    """A well-formed auth value signed with a random secret: what an attacker without the secret sends."""
    return sign_channel(app_key, secrets.token_hex(16), socket_id, channel)


def auth_problem(
    auth: str,
    *,
    app_key: str,
    socket_id: str,
    channel: str,
    channel_data: str | None = None,
    secret: str | None = None,
) -> str | None:
    """None when ``auth`` is a valid auth value for this socket and channel, else what is wrong with it.

    Without ``secret`` only the shape and the app key can be checked.
    """
    key, sep, signature = auth.partition(":")
    if not sep or not _HEX_SIGNATURE.match(signature):
        return f"`{auth}` is not `<app key>:<64 hex digits>`"
    if key != app_key:
        return "the auth value names another app key than events.app_key"
    if secret is None:
        return None
    expected = channel_signature(secret, socket_id, channel, channel_data)
    if not hmac.compare_digest(expected, signature):
        signed = string_to_sign(socket_id, channel, channel_data)
        return f"the signature is not HMAC-SHA256 of `{signed}` with events.app_secret"
    return None
