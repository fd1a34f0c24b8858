"""From domain events to signed deliveries: endpoint selection, payload bytes, per-dialect signing."""

from __future__ import annotations

import json
import time
import uuid
from functools import partial
from typing import Any

from reference_api.context import AppContext
from reference_api.defects import webhooks as defects
from reference_api.events import DomainEvent

from .delivery import Delivery, DeliveryWorker, RetryPolicy
from .signing import sign
from .store import WebhookStore, now_iso


def encode_payload(event_id: str, event: DomainEvent, created_at: str) -> bytes:
    """The exact bytes sent and signed: compact JSON, keys in a fixed order."""
    payload = {
        "id": event_id,
        "type": event.name,
        "team_id": event.team_id,
        "created_at": created_at,
        "data": event.data,
    }
    return json.dumps(payload, separators=(",", ":"), default=str).encode()


class WebhookService:
    def __init__(self, ctx: AppContext, policy: RetryPolicy | None = None) -> None:
        self.ctx = ctx
        self.store = WebhookStore(ctx.db)
        self.worker = DeliveryWorker(self.store.record, policy)

    def start(self) -> None:
        self.store.create_schema()
        self.worker.start()

    def stop(self) -> None:
        self.worker.stop()

    def endpoints_for(self, event: DomainEvent) -> list[dict[str, Any]]:
        if self.ctx.defects.on("webhook_cross_team_delivery"):
            return defects.webhook_cross_team_delivery(self.store, event.team_id, event.name)
        return self.store.subscribed(event.team_id, event.name)

    def on_event(self, event: DomainEvent) -> None:
        """EventBus callback: enqueue one delivery per subscribed endpoint and return at once."""
        endpoints = self.endpoints_for(event)
        if not endpoints:
            return
        event_id = f"evt_{uuid.uuid4().hex}"
        body = encode_payload(event_id, event, now_iso())
        for hook in endpoints:
            message_id = f"msg_{uuid.uuid4().hex}"
            signer = partial(self.signature_headers, hook["secret"], body, message_id, event.name)
            target = (hook["id"], hook["team_id"], hook["url"])
            self.worker.enqueue(Delivery(message_id, *target, event_id, event.name, body, signer))

    def signature_headers(self, secret: str, body: bytes, message_id: str, event_type: str) -> dict[str, str]:
        """Sign at send time, so each retry carries a fresh timestamp."""
        on = self.ctx.defects.on
        dialect = self.ctx.settings.signature
        timestamp = defects.webhook_stale_timestamp() if on("webhook_stale_timestamp") else int(time.time())
        reserialized = on("webhook_signature_reserialized")
        signed = defects.webhook_signature_reserialized(body) if reserialized else body
        if on("webhook_wrong_secret"):
            headers = defects.webhook_wrong_secret(dialect, secret, signed, message_id, event_type, timestamp)
        else:
            headers = sign(dialect, secret, signed, message_id, event_type, timestamp)
        if on("webhook_unsigned"):
            headers = defects.webhook_unsigned(headers)
        return headers
