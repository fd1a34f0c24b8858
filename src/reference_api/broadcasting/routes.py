"""Pusher-compatible endpoints: `POST /broadcasting/auth` and the WebSocket server at `/app/{key}`."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request, WebSocket, WebSocketDisconnect

from reference_api.auth import Principal, current_principal
from reference_api.context import AppContext, get_ctx
from reference_api.defects import events as defects
from reference_api.errors import forbidden, validation_failed

from .auth import AppCredentials, auth_string, is_presence, is_valid_socket_id, team_of_channel
from .hub import Hub
from .protocol import (
    APP_DOES_NOT_EXIST,
    UNSUPPORTED_PROTOCOL,
    PusherSession,
    SubscribeGuard,
    connection_established,
    error,
)

SUPPORTED_PROTOCOLS = ("5", "6", "7")
FIELDS = ("socket_id", "channel_name", "channel_data")

router = APIRouter(include_in_schema=False)
Caller = Annotated[Principal, Depends(current_principal)]
Ctx = Annotated[AppContext, Depends(get_ctx)]


def hub_of(ctx: AppContext) -> Hub:
    hub: Hub = ctx.extras["broadcasting"].hub
    return hub


def app_of(ctx: AppContext) -> AppCredentials:
    credentials: AppCredentials = ctx.extras["broadcasting"].app
    return credentials


async def read_fields(request: Request) -> dict[str, Any]:
    """Pusher clients post a form; others post JSON. Either way: a flat mapping of strings."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("application/json"):
        try:
            parsed = await request.json()
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise validation_failed({"body": ["The request body must be a JSON object or a form."]})
        return parsed
    form = parse_qs((await request.body()).decode("utf-8", "replace"), keep_blank_values=True)
    return {key: values[-1] for key, values in form.items()}


def validate(fields: dict[str, Any]) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    socket_id, channel = fields.get("socket_id"), fields.get("channel_name")
    if not isinstance(socket_id, str) or not socket_id:
        errors["socket_id"] = ["The socket_id field is required."]
    elif not is_valid_socket_id(socket_id):
        errors["socket_id"] = ["The socket_id field must look like 123.456 (the id the WebSocket gave you)."]
    if not isinstance(channel, str) or not channel:
        errors["channel_name"] = ["The channel_name field is required."]
    if errors:
        raise validation_failed(errors)
    assert isinstance(socket_id, str) and isinstance(channel, str)
    return socket_id, channel


def may_join(ctx: AppContext, principal: Principal, channel: str) -> bool:
    if ctx.defects.on("broadcast_auth_any_team"):
        return defects.broadcast_auth_any_team(principal.team_id, channel)
    return team_of_channel(channel) == str(principal.team_id)


@router.post("/broadcasting/auth")
async def broadcasting_auth(request: Request, principal: Caller, ctx: Ctx) -> dict[str, str]:
    socket_id, channel = validate(await read_fields(request))
    if not may_join(ctx, principal, channel):
        raise forbidden(f"You may not subscribe to {channel}; only your own team's channels are allowed.")
    if not is_presence(channel):
        return {"auth": auth_string(app_of(ctx), socket_id, channel)}
    member = {"user_id": principal.user["id"], "user_info": {"name": principal.user["name"]}}
    channel_data = json.dumps(member)
    return {"auth": auth_string(app_of(ctx), socket_id, channel, channel_data), "channel_data": channel_data}


def subscribe_guard(ctx: AppContext, session: PusherSession) -> SubscribeGuard:
    if ctx.defects.on("broadcast_subscribe_unverified"):
        return defects.broadcast_subscribe_unverified
    return session.default_guard


@router.websocket("/app/{app_key}")
async def pusher_socket(websocket: WebSocket, app_key: str) -> None:
    ctx: AppContext = websocket.app.state.ctx
    await websocket.accept()
    app = app_of(ctx)
    protocol = websocket.query_params.get("protocol", "7")
    refusal = None
    if app_key != app.key:
        refusal = error(f"App key {app_key} does not exist.", APP_DOES_NOT_EXIST)
    elif protocol not in SUPPORTED_PROTOCOLS:
        refusal = error(f"Unsupported protocol version {protocol}; use 7.", UNSUPPORTED_PROTOCOL)
    if refusal is not None:
        await websocket.send_text(json.dumps(refusal))
        await websocket.close(code=refusal["data"]["code"])
        return
    hub = hub_of(ctx)
    connection = hub.connect(asyncio.get_running_loop())
    session = PusherSession(hub, connection, app)
    guard = subscribe_guard(ctx, session)
    writer = asyncio.create_task(_write(websocket, connection.outbox))
    connection.outbox.put_nowait(connection_established(connection.socket_id))
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                break
            raw = message.get("text") or (message.get("bytes") or b"").decode("utf-8", "replace")
            for reply in session.handle(raw, guard):
                connection.deliver(reply)
    except WebSocketDisconnect:
        pass
    finally:
        hub.disconnect(connection)
        writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await writer


async def _write(websocket: WebSocket, outbox: asyncio.Queue[dict[str, Any] | None]) -> None:
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        while (message := await outbox.get()) is not None:
            await websocket.send_text(json.dumps(message))
