"""Asynchronous webhook delivery: a background thread, a due-time queue, bounded retries.

`enqueue` only appends to a queue, so publishing an event never waits on a receiver. The worker
sends the exact signed bytes, retries non-2xx answers and connection errors with exponential
backoff, and records every attempt through the `record` callback (the delivery log).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    """One event bound for one endpoint; the same bytes and id on every attempt."""

    delivery_id: str
    webhook_id: Any
    team_id: Any
    url: str
    event_id: str
    event_type: str
    body: bytes
    # Builds the signature headers at send time, so timestamps are fresh on each attempt.
    sign: Callable[[], dict[str, str]]


@dataclass(frozen=True)
class Attempt:
    delivery_id: str
    webhook_id: Any
    team_id: Any
    event_id: str
    event_type: str
    url: str
    attempt: int
    status_code: int | None
    ok: bool
    duration_ms: float
    error: str | None
    attempted_at: str
    final: bool


@dataclass(order=True)
class _Scheduled:
    due: float
    seq: int
    delivery: Delivery = field(compare=False)
    attempt: int = field(compare=False, default=1)


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 3
    base_delay_s: float = 0.25
    timeout_s: float = 3.0

    def delay_before(self, attempt: int) -> float:
        """Backoff before attempt n (n >= 2): base, 2*base, 4*base, ..."""
        return self.base_delay_s * 2.0 ** (attempt - 2)


class DeliveryWorker:
    # Two senders, so one receiver that holds the connection until the timeout cannot stall the rest.
    def __init__(
        self, record: Callable[[Attempt], None], policy: RetryPolicy | None = None, senders: int = 2
    ) -> None:
        self.record = record
        self.policy = policy or RetryPolicy()
        self.senders = senders
        self._queue: list[_Scheduled] = []
        self._seq = itertools.count()
        self._wake = threading.Condition()
        self._stopping = False
        self._threads: list[threading.Thread] = []
        self._in_flight = 0

    def start(self) -> None:
        if not self._threads:
            for index in range(self.senders):
                thread = threading.Thread(target=self._run, name=f"webhook-delivery-{index}", daemon=True)
                thread.start()
                self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        for thread in self._threads:
            thread.join(timeout)
        self._threads = []

    def enqueue(self, delivery: Delivery) -> None:
        self._schedule(delivery, attempt=1, due=time.monotonic())

    def idle(self) -> bool:
        with self._wake:
            return not self._queue and self._in_flight == 0

    def _schedule(self, delivery: Delivery, attempt: int, due: float) -> None:
        with self._wake:
            heapq.heappush(self._queue, _Scheduled(due, next(self._seq), delivery, attempt))
            self._wake.notify_all()

    def _next_due(self) -> _Scheduled | None:
        with self._wake:
            while not self._stopping:
                if self._queue:
                    wait = self._queue[0].due - time.monotonic()
                    if wait <= 0:
                        self._in_flight += 1
                        return heapq.heappop(self._queue)
                    self._wake.wait(wait)
                else:
                    self._wake.wait()
            return None

    def _run(self) -> None:
        with httpx.Client(timeout=self.policy.timeout_s, follow_redirects=False) as client:
            while (item := self._next_due()) is not None:
                try:
                    self._attempt(client, item)
                finally:
                    with self._wake:
                        self._in_flight -= 1

    def _record_safely(self, attempt: Attempt) -> None:
        # A failing log write must not kill the worker thread and silently stop all deliveries.
        try:
            self.record(attempt)
        except Exception:
            logger.exception("could not record webhook delivery attempt %s", attempt.delivery_id)

    def _attempt(self, client: httpx.Client, item: _Scheduled) -> None:
        delivery = item.delivery
        headers = {"Content-Type": "application/json", "User-Agent": "reference-api-webhooks/1"}
        started = time.perf_counter()
        status: int | None = None
        problem: str | None = None
        try:
            headers.update(delivery.sign())
            response = client.post(delivery.url, content=delivery.body, headers=headers)
            status = response.status_code
            if not 200 <= status < 300:
                problem = f"receiver answered HTTP {status}"
        except httpx.HTTPError as exc:
            problem = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        ok = problem is None
        final = ok or item.attempt >= self.policy.max_attempts
        self._record_safely(
            Attempt(
                delivery_id=delivery.delivery_id,
                webhook_id=delivery.webhook_id,
                team_id=delivery.team_id,
                event_id=delivery.event_id,
                event_type=delivery.event_type,
                url=delivery.url,
                attempt=item.attempt,
                status_code=status,
                ok=ok,
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
                error=problem,
                attempted_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
                final=final,
            )
        )
        if not final:
            next_attempt = item.attempt + 1
            due = time.monotonic() + self.policy.delay_before(next_attempt)
            self._schedule(delivery, next_attempt, due)
