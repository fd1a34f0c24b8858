"""The Server-Sent Events wire format: bytes in, events out, as the WHATWG event-stream rules read it.

Our own rather than httpx-sse's: that library reads ``response.iter_lines()``, so a line that never
ends grows without bound, and its decoder is private. Here every line is capped, and the caller
feeds whatever bytes it read under its own time and byte budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINE_END = re.compile(rb"\r\n|\r|\n")
_BOM = b"\xef\xbb\xbf"


class StreamFormatError(Exception):
    """The bytes are not an event stream a client could read (e.g. a line beyond the cap)."""


@dataclass(frozen=True)
class SseEvent:
    """One dispatched event: ``event`` is ``message`` when the server named none."""

    id: str | None
    event: str
    data: str


class SseParser:
    """Incremental: ``feed`` returns the events completed by a chunk; fields span chunks freely."""

    def __init__(self, max_line_bytes: int) -> None:
        self.max_line_bytes = max_line_bytes
        self.last_id: str | None = None  # survives events, as the standard says: the resume point
        self.retry_ms: int | None = None
        self.comments = 0
        self._buffer = b""
        self._started = False
        self._pending_cr = False
        self._event = ""
        self._data: list[str] = []

    def feed(self, chunk: bytes) -> list[SseEvent]:
        if self._pending_cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]  # the \n of a \r\n split between two chunks
        self._pending_cr = False
        buffer = self._buffer + chunk
        if not self._started and len(buffer) >= len(_BOM):
            self._started = True
            buffer = buffer.removeprefix(_BOM)
        events: list[SseEvent] = []
        start = 0
        for match in _LINE_END.finditer(buffer):
            if match.group() == b"\r" and match.end() == len(buffer):
                self._pending_cr = True  # may be the first half of \r\n
            event = self._line(buffer[start : match.start()].decode("utf-8", "replace"))
            if event is not None:
                events.append(event)
            start = match.end()
        self._buffer = buffer[start:]
        if len(self._buffer) > self.max_line_bytes:
            raise StreamFormatError(f"a line longer than {self.max_line_bytes} bytes without an end")
        return events

    def _line(self, line: str) -> SseEvent | None:
        if not line:
            return self._dispatch()
        if line.startswith(":"):
            self.comments += 1
            return None
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\x00" not in value:
            self.last_id = value
        elif name == "retry" and value.isdigit():
            self.retry_ms = int(value)
        return None

    def _dispatch(self) -> SseEvent | None:
        event = SseEvent(self.last_id, self._event or "message", "\n".join(self._data))
        has_data = bool(self._data)
        self._event, self._data = "", []
        return event if has_data else None
