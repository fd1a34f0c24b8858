"""The ``events`` block of tenants.yaml as typed settings, and the names and URLs built from it.

The JSON Schema (events.schema.json, beside this module) has validated the shapes already; this module
fills defaults and expands templates. Placeholders: ``{tenant_id}`` (the id the API shows),
``{tenant}`` (the tenant's name in tenants.yaml), ``{app_key}``, and in trigger bodies ``{canary}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from tenantprobe.core.config import Config
from tenantprobe.core.placeholders import fill

DEFAULT_WEBSOCKET_URL = "/app/{app_key}?protocol=7"
DEFAULT_WAIT_S = 3.0
DEFAULT_REPLAY_FROM = "0"
DEFAULT_STREAM_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Trigger:
    """An API request that makes the target broadcast ``events`` on the acting tenant's channels."""

    method: str
    path: str
    acting_role: str  # a principal role of the tenant, or "admin"
    body: Any
    events: tuple[str, ...]
    cleanup: tuple[str, str] | None  # (method, path template filled from the response)

    @property
    def operation(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class StreamSettings:
    """The Server-Sent Events transport: which operation streams a tenant's events, and how far to read."""

    operation: str | None = None  # `GET /path`; None: the spec's one `text/event-stream` GET
    replay_from: str = DEFAULT_REPLAY_FROM  # the `Last-Event-ID` that asks for the whole backlog
    max_bytes: int = DEFAULT_STREAM_MAX_BYTES  # per stream read


@dataclass(frozen=True)
class EventsSettings:
    websocket_url: str
    app_key: str
    app_secret: str | None
    auth_path: str
    auth_formats: tuple[str, ...]
    refused_status: tuple[int, ...]
    private_channel: str
    presence_channel: str | None
    triggers: tuple[Trigger, ...]
    webhook_payload_field: str | None
    wait_s: float
    transport: str = "pusher"  # or sse
    stream: StreamSettings = StreamSettings()

    def channel(self, template: str, tenant: str, tenant_id: str) -> str:
        return fill(template, {"tenant": tenant, "tenant_id": tenant_id})

    @property
    def presence_form(self) -> str:
        """The presence channel template, or the presence form of the private one when none is set."""
        if self.presence_channel:
            return self.presence_channel
        return re.sub(r"^private-", "presence-", self.private_channel)

    def socket_url(self, base_url: str) -> str:
        """The WebSocket URL: absolute as configured, or relative to the target's origin (http→ws)."""
        url = fill(self.websocket_url, {"app_key": self.app_key})
        if urlsplit(url).scheme in ("ws", "wss"):
            return url
        joined = urlsplit(urljoin(base_url.rstrip("/") + "/", url.lstrip("/")))
        scheme = {"http": "ws", "https": "wss"}.get(joined.scheme, joined.scheme)
        return urlunsplit((scheme, *joined[1:]))


def _split_operation(text: str) -> tuple[str, str]:
    method, _, path = text.strip().partition(" ")
    return method.upper(), path.strip()


def _trigger(raw: dict[str, Any]) -> Trigger:
    method, path = _split_operation(raw["operation"])
    cleanup = _split_operation(raw["cleanup"]) if raw.get("cleanup") else None
    return Trigger(
        method=method,
        path=path,
        acting_role=str(raw.get("as", "admin")),
        body=raw.get("body"),
        events=tuple(raw["events"]),
        cleanup=cleanup,
    )


def events_settings(config: Config) -> EventsSettings | None:
    """The suite's settings, or None when tenants.yaml has no ``events`` block."""
    block = config.block("events")
    if not block:
        return None
    auth = dict(block.get("auth") or {})
    channels = dict(block.get("channels") or {})
    stream = dict(block.get("stream") or {})
    return EventsSettings(
        websocket_url=str(block.get("websocket_url") or DEFAULT_WEBSOCKET_URL),
        # The Pusher keys are required by the schema unless the transport is sse.
        app_key=str(block.get("app_key") or ""),
        app_secret=str(block["app_secret"]) if block.get("app_secret") else None,
        auth_path=str(auth.get("path") or ""),
        auth_formats=tuple(auth.get("formats") or ("form",)),
        refused_status=tuple(auth.get("refused_status") or (403,)),
        private_channel=str(channels.get("private") or ""),
        presence_channel=str(channels["presence"]) if channels.get("presence") else None,
        triggers=tuple(_trigger(item) for item in block.get("triggers") or ()),
        webhook_payload_field=block.get("webhook_payload_field") or None,
        wait_s=float(block.get("wait_s", DEFAULT_WAIT_S)),
        transport=str(block.get("transport") or "pusher"),
        stream=StreamSettings(
            operation=str(stream["operation"]) if stream.get("operation") else None,
            replay_from=str(stream.get("replay_from", DEFAULT_REPLAY_FROM)),
            max_bytes=int(stream.get("max_bytes", DEFAULT_STREAM_MAX_BYTES)),
        ),
    )
