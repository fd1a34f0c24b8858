"""Streaming operations in the contract suite: read for a short time and a byte budget, never to the end.

An event stream may stay open for as long as the server keeps it (minutes), so a generated GET on it
would wait out ``timeout_s`` on every case. schemathesis already stops reading an event stream at
the request's timeout and after its first events and marks the response as cut short; we give those
operations a short timeout of their own and cap the bytes read (schemathesis has no byte cap): past
the cap the read ends the way a timeout ends it.

Before OpenAPI 3.2 a stream's ``schema`` describes each event, unless the media type names the item
schema apart (``itemSchema``). A spec that names it in an extension schemathesis does not read
(``x-item-schema``) has ``schema`` describe the stream's text instead, so schemathesis would judge
every event against the wrong schema: for those operations its schema check is left out, and the
events family judges each event against the named item schema (``event_payload_matches_schema``).
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError

from tenantprobe.openapi.operations import EVENT_STREAM, operations, stream_media

STREAM_READ_S = 0.5  # enough for the status, headers and first events of a live stream


def stream_timeout(timeout: float) -> float:
    """The timeout of a request to a streaming operation: short, and never beyond the usual one."""
    return min(timeout, STREAM_READ_S)


def streaming_operations(spec: dict[str, Any]) -> dict[str, bool]:
    """`METHOD /path` of every operation whose success answer is an event stream -> whether
    schemathesis reads the schema of its events as the spec means it."""
    found = {}
    for operation in operations(spec):
        media = stream_media(spec, operation)
        if media is not None:
            content = media[1]
            found[operation.key] = "itemSchema" in content or "x-item-schema" not in content
    return found


class _CappedBody:
    """The raw body of an event stream, ending (as a read timeout) once ``max_bytes`` were read."""

    def __init__(self, raw: Any, url: str, max_bytes: int) -> None:
        self._raw, self._url, self._left = raw, url, max_bytes

    def read1(self, amt: int = -1, decode_content: bool | None = None) -> bytes:
        if self._left <= 0:
            raise ReadTimeoutError(None, self._url, "the stream's byte budget is spent")  # type: ignore[arg-type]
        wanted = min(amt, self._left) if amt > 0 else self._left
        chunk: bytes = self._raw.read1(wanted, decode_content=decode_content)
        self._left -= len(chunk)
        return chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


class StreamCappedAdapter(HTTPAdapter):
    """An adapter whose event-stream responses are read at most ``max_bytes`` deep."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__()
        self.max_bytes = max_bytes

    def build_response(self, req: requests.PreparedRequest, resp: Any) -> requests.Response:
        response = super().build_response(req, resp)
        if response.headers.get("Content-Type", "").split(";")[0].strip().lower() == EVENT_STREAM:
            response.raw = _CappedBody(resp, str(req.url), self.max_bytes)
        return response


def cap_streams(session: requests.Session, max_bytes: int) -> requests.Session:
    """``session`` with its event-stream responses capped at ``max_bytes``."""
    adapter = StreamCappedAdapter(max_bytes)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
