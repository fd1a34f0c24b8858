"""One request and its response, recorded so a person can see and replay it."""

from __future__ import annotations

import json
import shlex
from dataclasses import asdict, dataclass, field
from http import HTTPStatus
from typing import Any

import httpx

from tenantprobe.core.redact import Redactor, active_redactor

_BODY_PREVIEW = 64_000


@dataclass
class Exchange:
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: bytes | None
    status: int | None
    response_headers: dict[str, str] = field(default_factory=dict)
    response_body: bytes = b""
    elapsed_ms: float = 0.0
    principal: str = ""
    error: str = ""

    @classmethod
    def from_httpx(cls, response: httpx.Response, principal: str = "") -> Exchange:
        request = response.request
        try:
            elapsed = response.elapsed.total_seconds() * 1000
        except RuntimeError:
            elapsed = 0.0
        return cls(
            method=request.method,
            url=str(request.url),
            request_headers=dict(request.headers),
            request_body=bytes(request.content) if request.content else None,
            status=response.status_code,
            response_headers=dict(response.headers),
            response_body=response.content,
            elapsed_ms=elapsed,
            principal=principal,
        )

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.response_headers.items():
            if key.lower() == lowered:
                return value
        return None

    def request_id(self, header: str | None) -> str:
        if not header:
            return ""
        return self.header(header) or _case_insensitive(self.request_headers, header) or ""

    def json(self) -> Any:
        try:
            return json.loads(self.response_body)
        except (ValueError, UnicodeDecodeError):
            return None

    def curl(self, redactor: Redactor | None = None) -> str:
        redactor = redactor or active_redactor()
        parts = ["curl", "-sS", "-X", self.method, shlex.quote(redactor.text(self.url))]
        for name, value in redactor.headers(self.request_headers).items():
            if name.lower() in {"content-length", "host", "accept-encoding", "connection", "user-agent"}:
                continue
            parts += ["-H", shlex.quote(f"{name}: {value}")]
        if self.request_body:
            body = redactor.text(self.request_body.decode("utf-8", "replace"))
            parts += ["--data-raw", shlex.quote(body)]
        return " ".join(parts)

    def redacted(self, redactor: Redactor | None = None) -> dict[str, Any]:
        """A JSON-ready copy with every credential filtered and bodies cut to a preview."""
        redactor = redactor or active_redactor()
        data = asdict(self)
        data["url"] = redactor.text(self.url)
        data["request_headers"] = redactor.headers(self.request_headers)
        data["response_headers"] = redactor.headers(self.response_headers)
        data["request_body"] = _text(self.request_body, redactor)
        data["response_body"] = _text(self.response_body, redactor)
        return data

    def describe(self) -> str:
        status = f"{self.status}" if self.status is not None else f"no response ({self.error})"
        return f"{self.method} {self.url} -> {status}"


def _text(body: bytes | None, redactor: Redactor) -> str:
    if not body:
        return ""
    text = body[:_BODY_PREVIEW].decode("utf-8", "replace")
    suffix = f"... [{len(body) - _BODY_PREVIEW} more bytes]" if len(body) > _BODY_PREVIEW else ""
    return redactor.text(text) + suffix


def _case_insensitive(headers: dict[str, str], name: str) -> str | None:
    lowered = name.lower()
    return next((value for key, value in headers.items() if key.lower() == lowered), None)


def status_text(status: int | None) -> str:
    """``429 Too Many Requests``: a status as every finding message shows it."""
    try:
        return f"{status} {HTTPStatus(status or 0).phrase}"
    except ValueError:
        return str(status)
