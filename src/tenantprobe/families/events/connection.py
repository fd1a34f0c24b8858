"""A Pusher protocol (v7) client over a WebSocket: connect, subscribe, collect frames.

Synchronous on purpose: suites drive it between blocking HTTP requests, and ``websockets`` buffers
incoming frames on its own thread meanwhile. Every wait is bounded by a deadline.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Literal

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
from websockets.sync.client import ClientConnection, connect

SUCCEEDED = "pusher_internal:subscription_succeeded"
SUBSCRIPTION_ERROR = "pusher:subscription_error"
ERROR = "pusher:error"
ESTABLISHED = "pusher:connection_established"
_POLL_S = 0.05


class PusherError(Exception):
    """The WebSocket could not be opened or the server refused the connection."""


@dataclass(frozen=True)
class Frame:
    """One message from the server; ``data`` is parsed when the server sent it as a JSON string."""

    event: str
    channel: str | None
    data: Any
    raw: str
    id: str | None = None  # a stream's event id (Server-Sent Events); Pusher frames have none

    @classmethod
    def parse(cls, raw: str) -> Frame:
        try:
            message = json.loads(raw)
        except ValueError:
            return cls("", None, raw, raw)
        if not isinstance(message, dict):
            return cls("", None, message, raw)
        data = message.get("data")
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                pass
        channel = message.get("channel")
        return cls(str(message.get("event", "")), channel if isinstance(channel, str) else None, data, raw)

    @property
    def is_protocol(self) -> bool:
        """Protocol bookkeeping (pusher:*, pusher_internal:*) rather than an application event."""
        return self.event.startswith(("pusher:", "pusher_internal:"))


@dataclass
class SubscribeOutcome:
    channel: str
    kind: Literal["succeeded", "refused", "no_reply"]
    frame: Frame | None = None
    message: str = ""  # what was sent, as JSON, for the report

    @property
    def succeeded(self) -> bool:
        return self.kind == "succeeded"


@dataclass
class PusherConnection:
    url: str
    socket_id: str
    _socket: ClientConnection
    frames: list[Frame] = field(default_factory=list)
    closed_by_server: bool = False

    @classmethod
    def open(cls, url: str, timeout_s: float) -> PusherConnection:
        """Connect and wait for ``pusher:connection_established``; PusherError says why not."""
        try:
            # Entered by hand: the connection outlives this call, and entering is how websockets
            # (17.1+) is told the caller manages its lifetime; close() ends it.
            socket = connect(url, open_timeout=timeout_s, close_timeout=1).__enter__()
        except (OSError, InvalidHandshake, InvalidURI, TimeoutError) as exc:
            raise PusherError(f"cannot open the WebSocket: {exc.__class__.__name__}: {exc}") from None
        try:
            first = Frame.parse(str(socket.recv(timeout=timeout_s)))
        except (TimeoutError, ConnectionClosed) as exc:
            socket.close()
            raise PusherError(f"no pusher:connection_established within {timeout_s} s ({exc})") from None
        socket_id = first.data.get("socket_id") if isinstance(first.data, dict) else None
        if first.event != ESTABLISHED or not isinstance(socket_id, str):
            socket.close()
            raise PusherError(f"expected pusher:connection_established with a socket_id, got {first.raw}")
        return cls(url, socket_id, socket)

    def close(self) -> None:
        self._socket.close()

    def __enter__(self) -> PusherConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, event: str, data: dict[str, Any]) -> str:
        message = json.dumps({"event": event, "data": data})
        self._socket.send(message)
        return message

    def poll(self, timeout_s: float) -> Frame | None:
        """The next frame within ``timeout_s``, or None; every frame is also kept in ``frames``."""
        if self.closed_by_server:
            return None
        try:
            raw = self._socket.recv(timeout=max(timeout_s, 0.0))
        except TimeoutError:
            return None
        except ConnectionClosed:
            self.closed_by_server = True
            return None
        frame = Frame.parse(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        self.frames.append(frame)
        return frame

    def subscribe(
        self, channel: str, auth: str | None, channel_data: str | None, wait_s: float
    ) -> SubscribeOutcome:
        data: dict[str, Any] = {"channel": channel}
        if auth is not None:
            data["auth"] = auth
        if channel_data is not None:
            data["channel_data"] = channel_data
        message = self.send("pusher:subscribe", data)
        deadline = time.monotonic() + wait_s
        while (left := deadline - time.monotonic()) > 0 and not self.closed_by_server:
            frame = self.poll(min(left, _POLL_S * 4))
            if frame is None:
                continue
            if frame.event == SUCCEEDED and frame.channel == channel:
                return SubscribeOutcome(channel, "succeeded", frame, message)
            if frame.event == SUBSCRIPTION_ERROR and frame.channel in (channel, None):
                return SubscribeOutcome(channel, "refused", frame, message)
            if frame.event == ERROR:
                return SubscribeOutcome(channel, "refused", frame, message)
        if self.closed_by_server:
            return SubscribeOutcome(channel, "refused", None, message)
        return SubscribeOutcome(channel, "no_reply", None, message)

    def drain(self, timeout_s: float = _POLL_S, limit: int = 1000) -> list[Frame]:
        """Frames arriving within ``timeout_s`` of the previous one, at most ``limit`` of them."""
        found: list[Frame] = []
        while len(found) < limit and (frame := self.poll(timeout_s)) is not None:
            found.append(frame)
        return found


def events_on(frames: list[Frame]) -> list[Frame]:
    """The application events among ``frames`` (protocol bookkeeping left out)."""
    return [frame for frame in frames if not frame.is_protocol]
