"""The Pusher protocol client against a small Pusher-protocol server on loopback (real WebSockets)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from websockets.sync.server import Server, ServerConnection, serve

from tenantprobe.families.events.connection import Frame, PusherConnection, PusherError, events_on
from tenantprobe.families.events.signing import forged_auth, sign_channel

KEY, SECRET, SOCKET_ID = "app-key", "app-secret", "7.4242"


def _send(ws: ServerConnection, event: str, data: object, channel: str | None = None) -> None:
    message: dict[str, object] = {"event": event, "data": json.dumps(data)}
    if channel is not None:
        message["channel"] = channel
    ws.send(json.dumps(message))


def pusher_server(ws: ServerConnection) -> None:
    """Verifies subscriptions like a Pusher server; `quiet-*` channels get no reply at all."""
    if ws.request is not None and ws.request.path.startswith("/refuse"):
        _send(ws, "pusher:error", {"code": 4001, "message": "App key does not exist."})
        return
    _send(ws, "pusher:connection_established", {"socket_id": SOCKET_ID, "activity_timeout": 30})
    for raw in ws:
        message = json.loads(raw)
        channel = message["data"]["channel"]
        if channel.startswith("quiet-"):
            continue
        if channel.startswith("hangup-"):
            return
        if message["data"].get("auth") == sign_channel(KEY, SECRET, SOCKET_ID, channel):
            _send(ws, "pusher_internal:subscription_succeeded", {}, channel)
            _send(ws, "thing.created", {"id": 1, "name": "a thing"}, channel)
        else:
            _send(ws, "pusher:subscription_error", {"type": "AuthError", "status": 401}, channel)


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server: Server = serve(pusher_server, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.socket.getsockname()[:2]
    yield f"ws://{host}:{port}/app/{KEY}?protocol=7"
    server.shutdown()
    thread.join(timeout=5)


def test_open_reads_the_socket_id(server_url: str) -> None:
    with PusherConnection.open(server_url, 2) as connection:
        assert connection.socket_id == SOCKET_ID


def test_a_signed_subscription_succeeds_and_its_events_arrive(server_url: str) -> None:
    with PusherConnection.open(server_url, 2) as connection:
        auth = sign_channel(KEY, SECRET, connection.socket_id, "private-team.1")
        outcome = connection.subscribe("private-team.1", auth, None, 2)
        assert outcome.succeeded
        assert '"pusher:subscribe"' in outcome.message
        connection.drain(0.5)
        events = events_on(connection.frames)
        assert [(frame.event, frame.channel, frame.data) for frame in events] == [
            ("thing.created", "private-team.1", {"id": 1, "name": "a thing"})
        ]


def test_a_forged_subscription_is_reported_as_refused(server_url: str) -> None:
    with PusherConnection.open(server_url, 2) as connection:
        outcome = connection.subscribe(
            "private-team.2", forged_auth(KEY, SOCKET_ID, "private-team.2"), None, 2
        )
        assert outcome.kind == "refused"
        assert outcome.frame is not None and outcome.frame.event == "pusher:subscription_error"


def test_no_reply_is_bounded_by_the_wait(server_url: str) -> None:
    with PusherConnection.open(server_url, 2) as connection:
        outcome = connection.subscribe("quiet-channel", None, None, 0.3)
        assert outcome.kind == "no_reply" and not outcome.succeeded


def test_a_server_hanging_up_on_subscribe_is_a_refusal_without_the_full_wait(server_url: str) -> None:
    with PusherConnection.open(server_url, 2) as connection:
        started = time.monotonic()
        outcome = connection.subscribe("hangup-channel", None, None, 5)
        assert outcome.kind == "refused" and connection.closed_by_server
        assert time.monotonic() - started < 4


def test_a_refused_connection_says_what_the_server_sent(server_url: str) -> None:
    with pytest.raises(PusherError, match="App key does not exist"):
        PusherConnection.open(server_url.replace("/app/", "/refuse/"), 2)


def test_nothing_listening_is_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PusherError, match="cannot open the WebSocket"):
        PusherConnection.open(f"ws://127.0.0.1:{port}/app/{KEY}", 1)


def test_frames_parse_data_sent_as_a_json_string() -> None:
    frame = Frame.parse('{"event": "e", "channel": "c", "data": "{\\"a\\": 1}"}')
    assert (frame.event, frame.channel, frame.data, frame.is_protocol) == ("e", "c", {"a": 1}, False)
    assert Frame.parse("not json").event == ""
    assert Frame.parse('{"event": "pusher:pong", "data": "{}"}').is_protocol
