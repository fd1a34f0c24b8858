"""Channel subscriptions and fan-out for the Pusher-protocol WebSocket server.

Events are published from request handlers, which may run in worker threads, while the sockets live
on the server's event loop. Each connection therefore owns an asyncio queue, and the hub hands
messages to it with `call_soon_threadsafe`; publishing never blocks the caller.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import threading
from dataclasses import dataclass, field
from typing import Any

# Outgoing queues are bounded so a stalled client cannot grow memory without limit.
OUTBOX_LIMIT = 1000


@dataclass
class Connection:
    socket_id: str
    loop: asyncio.AbstractEventLoop
    outbox: asyncio.Queue[dict[str, Any] | None] = field(default_factory=lambda: asyncio.Queue(OUTBOX_LIMIT))
    channels: set[str] = field(default_factory=set)
    # presence channel -> (user_id, user_info) this connection joined as
    presence: dict[str, tuple[str, Any]] = field(default_factory=dict)

    def deliver(self, message: dict[str, Any]) -> None:
        """Queue a message for this socket from any thread."""

        def put() -> None:
            if not self.outbox.full():
                self.outbox.put_nowait(message)

        try:
            self.loop.call_soon_threadsafe(put)
        except RuntimeError:  # the loop has closed: the socket is gone
            pass


class Hub:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: dict[str, Connection] = {}
        self._counter = itertools.count(1)

    def new_socket_id(self) -> str:
        return f"{next(self._counter)}.{random.randint(1, 9_999_999)}"

    def connect(self, loop: asyncio.AbstractEventLoop) -> Connection:
        connection = Connection(self.new_socket_id(), loop)
        with self._lock:
            self._connections[connection.socket_id] = connection
        return connection

    def disconnect(self, connection: Connection) -> None:
        with self._lock:
            self._connections.pop(connection.socket_id, None)
        for channel in list(connection.channels):
            self.unsubscribe(connection, channel)

    def subscribe(self, connection: Connection, channel: str, member: tuple[str, Any] | None = None) -> None:
        with self._lock:
            connection.channels.add(channel)
            if member is None:
                return
            already_present = self._member_ids(channel)
            connection.presence[channel] = member
        if member[0] not in already_present:
            self._announce(channel, "pusher_internal:member_added", member, skip=connection)

    def unsubscribe(self, connection: Connection, channel: str) -> None:
        with self._lock:
            connection.channels.discard(channel)
            member = connection.presence.pop(channel, None)
            still_present = self._member_ids(channel)
        if member is not None and member[0] not in still_present:
            self._announce(channel, "pusher_internal:member_removed", (member[0], None), skip=connection)

    def members(self, channel: str) -> dict[str, Any]:
        """user_id -> user_info of everyone on a presence channel."""
        with self._lock:
            return {
                conn.presence[channel][0]: conn.presence[channel][1]
                for conn in self._connections.values()
                if channel in conn.presence
            }

    def _member_ids(self, channel: str) -> set[str]:
        return {c.presence[channel][0] for c in self._connections.values() if channel in c.presence}

    def _announce(self, channel: str, event: str, member: tuple[str, Any], skip: Connection) -> None:
        payload: dict[str, Any] = {"user_id": member[0]}
        if event.endswith("added"):
            payload["user_info"] = member[1]
        message = {"event": event, "channel": channel, "data": json.dumps(payload)}
        for connection in self._subscribers(channel):
            if connection is not skip:
                connection.deliver(message)

    def _subscribers(self, channel: str) -> list[Connection]:
        with self._lock:
            return [c for c in self._connections.values() if channel in c.channels]

    def publish(self, channel: str, event: str, data: Any) -> int:
        """Send `{event, channel, data}` (data as a JSON string, as Pusher does); return the fan-out."""
        message = {"event": event, "channel": channel, "data": json.dumps(data, default=str)}
        subscribers = self._subscribers(channel)
        for connection in subscribers:
            connection.deliver(message)
        return len(subscribers)
