"""Domain events and the in-process bus every resource change is published on.

Consumers (webhook delivery, broadcasting) subscribe a synchronous callback; a callback must be
quick (enqueue work, do not deliver inline). A failing consumer is logged and never breaks the
request that published the event.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger("reference_api.events")


@dataclass(frozen=True)
class DomainEvent:
    team_id: Any
    name: str  # e.g. "invoice.paid"
    data: dict[str, Any] = field(default_factory=dict)


EventCallback = Callable[[DomainEvent], None]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[EventCallback] = []
        self._lock = threading.Lock()

    def subscribe(self, callback: EventCallback) -> None:
        with self._lock:
            self._subscribers.append(callback)

    def publish(self, event: DomainEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(event)
            except Exception:  # a consumer's bug must not turn a successful write into a 500
                logger.exception("event consumer %r failed on %s", callback, event.name)


# Every event a resource change publishes; the spec's `webhooks` section documents each payload.
EVENT_NAMES: tuple[str, ...] = (
    "customer.created",
    "customer.updated",
    "customer.deleted",
    "invoice.created",
    "invoice.updated",
    "invoice.paid",
    "invoice.voided",
    "member.updated",
)
