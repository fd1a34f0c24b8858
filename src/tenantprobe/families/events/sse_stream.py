"""A Server-Sent Events client: one stream read on its own thread, bounded in time, bytes and events.

A stream may never end, so a read stops at the budget's deadline, byte cap or event cap, whichever
comes first; when the server ends the stream before that, the client reconnects with the last id it
saw in ``Last-Event-ID`` (the standard's resume), waiting the ``retry:`` the server asked for
(capped). ``stop()`` shuts the socket down, which wakes the reading thread at once.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.exchange import Exchange
from tenantprobe.families.events.sse_parser import SseEvent, SseParser, StreamFormatError

EVENT_STREAM = "text/event-stream"
LAST_EVENT_ID = "Last-Event-ID"  # the header the SSE standard resumes with
_PREVIEW_BYTES = 64_000  # what the record of a stream keeps of its body
_JOIN_S = 2.0


@dataclass(frozen=True)
class StreamBudget:
    seconds: float
    max_bytes: int
    max_events: int = 1000
    max_connections: int = 5
    max_retry_s: float = 0.25  # a server asking for a longer reconnection delay must not hold the run
    connect_s: float = 10.0


class SseStream:
    """Open with ``start()``; ``events`` fills as they arrive; ``stop()`` ends it. Never raises:
    what went wrong is in ``error``, what the first answer was in ``status`` and ``exchange``."""

    def __init__(
        self,
        client: TargetClient,
        path: str,
        budget: StreamBudget,
        *,
        headers: dict[str, str] | None = None,
        anonymous: bool = False,
        last_event_id: str | None = None,
    ) -> None:
        self.client, self.path, self.budget = client, path, budget
        self.headers = dict(headers or {})
        self.anonymous = anonymous
        self.events: list[SseEvent] = []
        self.status: int | None = None
        self.content_type = ""
        self.exchange: Exchange | None = None
        self.error = ""
        self.connections = 0
        self.bytes_read = 0
        self._parser = SseParser(max_line_bytes=budget.max_bytes)
        self._parser.last_id = last_event_id
        self._stop = threading.Event()
        self._answered = threading.Event()
        self._socket: socket.socket | None = None
        self._deadline = 0.0
        self._thread = threading.Thread(target=self._run, name=f"sse {path}", daemon=True)

    @property
    def opened(self) -> bool:
        """The server answered 2xx with an event stream: the subscription exists."""
        return self.status is not None and 200 <= self.status < 300 and self.content_type == EVENT_STREAM

    @property
    def finished(self) -> bool:
        return not self._thread.is_alive()

    def start(self) -> SseStream:
        self._deadline = time.monotonic() + self.budget.seconds
        self._thread.start()
        return self

    def wait_answered(self, timeout_s: float) -> bool:
        """Until the first answer is in (a refusal, or a stream's first bytes), at most ``timeout_s``."""
        return self._answered.wait(max(timeout_s, 0.0))

    def stop(self) -> None:
        self._stop.set()
        if self._socket is not None:
            try:
                self._socket.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by the server
        self._thread.join(_JOIN_S)

    def __enter__(self) -> SseStream:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _left(self) -> float:
        return self._deadline - time.monotonic()

    def _run(self) -> None:
        try:
            while not self._stop.is_set() and self.connections < self.budget.max_connections:
                if self._left() <= 0 or not self._connect():
                    break
                retry_s = (self._parser.retry_ms or 0) / 1000
                self._stop.wait(min(retry_s, self.budget.max_retry_s, max(self._left(), 0.0)))
        except (httpx.HTTPError, StreamFormatError, OSError) as exc:
            if not self._stop.is_set() and self._left() > 0:
                self.error = f"{exc.__class__.__name__}: {exc}"
        finally:
            self._socket = None
            self._answered.set()

    def _connect(self) -> bool:
        """One connection; True when the server ended the stream and a reconnection may follow."""
        headers = {"Accept": EVENT_STREAM, "Cache-Control": "no-cache", **self.headers}
        if self._parser.last_id is not None:
            headers[LAST_EVENT_ID] = self._parser.last_id
        left = self._left()
        timeout = httpx.Timeout(left, connect=min(left, self.budget.connect_s))
        with self.client.stream(
            "GET", self.path, timeout=timeout, anonymous=self.anonymous, headers=headers
        ) as response:
            self.connections += 1
            stream = response.extensions.get("network_stream")
            self._socket = stream.get_extra_info("socket") if stream is not None else None
            media = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if self.connections == 1:
                self.status, self.content_type = response.status_code, media
            preview = bytearray()
            try:
                ended = self._read(response, preview, refused=not self.opened)
            except httpx.ReadTimeout:
                ended = False  # silent until the budget's deadline: the read is over
            finally:
                response._content = bytes(preview)
                if self.exchange is None:
                    self.exchange = Exchange.from_httpx(response, self._principal())
        return ended and self.opened

    def _read(self, response: httpx.Response, preview: bytearray, *, refused: bool) -> bool:
        for chunk in response.iter_bytes():
            self.bytes_read += len(chunk)
            preview += chunk[: _PREVIEW_BYTES - len(preview)]
            if refused:
                if len(preview) >= _PREVIEW_BYTES or self._left() <= 0:
                    break
                continue
            self.events += self._parser.feed(chunk)
            self._answered.set()
            over = self.bytes_read >= self.budget.max_bytes or len(self.events) >= self.budget.max_events
            if over or self._stop.is_set() or self._left() <= 0:
                return False
        self._answered.set()
        return not refused

    def _principal(self) -> str:
        principal = self.client.principal
        return principal.id if principal and not self.anonymous else ""
