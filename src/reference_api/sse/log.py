"""The event log the stream serves: every domain event numbered once, kept for replay, fanned out live.

Events are published from request handlers, which may run on the server's loop or in a worker
thread; each open stream owns a bounded asyncio queue that the log feeds with
``call_soon_threadsafe``, so publishing never waits on a client. Ids are one sequence for the whole
app: a client resumes with the last id it saw (``Last-Event-ID``).
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from reference_api.events import DomainEvent

# The replayable backlog and each stream's queue are bounded: memory never grows with traffic.
BACKLOG_LIMIT = 1000
QUEUE_LIMIT = 1000


@dataclass(frozen=True)
class LoggedEvent:
    id: int
    team_id: Any
    name: str
    data: dict[str, Any]


@dataclass
class Subscriber:
    # None: every team's events (only a defect subscribes so)
    team_id: Any
    loop: asyncio.AbstractEventLoop
    queue: asyncio.Queue[LoggedEvent] = field(default_factory=lambda: asyncio.Queue(QUEUE_LIMIT))

    def wants(self, event: LoggedEvent) -> bool:
        return self.team_id is None or self.team_id == event.team_id

    def offer(self, event: LoggedEvent) -> None:
        """Queue an event from any thread; a full queue drops it (the client can resume by id)."""

        def put() -> None:
            if not self.queue.full():
                self.queue.put_nowait(event)

        try:
            self.loop.call_soon_threadsafe(put)
        except RuntimeError:  # the loop has closed: the stream is gone
            pass


class EventLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._backlog: deque[LoggedEvent] = deque(maxlen=BACKLOG_LIMIT)
        self._subscribers: list[Subscriber] = []

    def on_event(self, event: DomainEvent) -> None:
        """EventBus callback: number and keep the event, hand it to every interested stream."""
        with self._lock:
            logged = LoggedEvent(next(self._ids), event.team_id, event.name, dict(event.data))
            self._backlog.append(logged)
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            if subscriber.wants(logged):
                subscriber.offer(logged)

    def subscribe(self, team_id: Any, loop: asyncio.AbstractEventLoop) -> Subscriber:
        subscriber = Subscriber(team_id, loop)
        with self._lock:
            self._subscribers.append(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

    def after(self, last_id: int, team_id: Any) -> list[LoggedEvent]:
        """The kept events newer than ``last_id``, of ``team_id`` (None: of every team), oldest first."""
        with self._lock:
            return [e for e in self._backlog if e.id > last_id and (team_id is None or e.team_id == team_id)]

    @property
    def open_streams(self) -> int:
        with self._lock:
            return len(self._subscribers)
