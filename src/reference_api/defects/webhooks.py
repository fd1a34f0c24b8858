"""Defects of outbound webhook delivery and of the inbound payment-provider callback.

Each function replaces one step of the clean code path in ``reference_api.webhooks`` when its
defect is switched on; the webhooks check family must catch every one of them.
"""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from reference_api.defects import defect
from reference_api.webhooks.signing import SIGNATURE_HEADER, sign

# The kind of placeholder a config file ships with and nobody replaces.
_FALLBACK_SECRETS = {
    "standard-webhooks": "whsec_" + base64.b64encode(b"change-me-webhook-secret").decode(),
    "stripe": "whsec_change_me",
    "github": "change-me",
    "spatie": "change-me",
}

_SIGNATURE_HEADERS = {name.lower() for name in SIGNATURE_HEADER.values()}


@defect("webhook_unsigned", "webhooks")
def webhook_unsigned(headers: dict[str, str]) -> dict[str, str]:
    """Outbound webhook deliveries carry no signature header at all.

    The signing step is skipped (as when a signing middleware is left out of the HTTP client), so a
    receiver cannot tell a delivery from a forgery. The webhooks family's signature check must report
    the missing signature header.
    """
    return {name: value for name, value in headers.items() if name.lower() not in _SIGNATURE_HEADERS}


@defect("webhook_wrong_secret", "webhooks")
def webhook_wrong_secret(
    dialect: str, endpoint_secret: str, body: bytes, message_id: str, event_type: str, ts: int
) -> dict[str, str]:
    """Deliveries are signed with the app's placeholder config secret, not the endpoint's own secret.

    The headers look right and the format is valid, but the HMAC does not verify with the secret the
    endpoint was given on creation. The webhooks family's signature check must report it.
    """
    return sign(dialect, _FALLBACK_SECRETS[dialect], body, message_id, event_type, ts)


@defect("webhook_cross_team_delivery", "webhooks")
def webhook_cross_team_delivery(store: Any, team_id: Any, event_type: str) -> list[dict[str, Any]]:
    """Every team's endpoints receive the event, not only those of the team it happened in.

    The endpoint query forgets its ``team_id`` condition. A receiver registered by tenant B gets tenant
    A's customers and invoices. The webhooks family's tenant-isolation check (and canary leak
    detection) must report it.
    """
    endpoints: list[dict[str, Any]] = store.subscribed(None, event_type)
    return endpoints


@defect("webhook_signature_reserialized", "webhooks")
def webhook_signature_reserialized(body: bytes) -> bytes:
    """The signature is computed over re-serialized JSON, not over the bytes actually sent.

    The sender signs ``json.dumps(payload)`` (with spaces after separators) but transmits the compact
    encoding, so verifying against the raw request body fails while a receiver that re-encodes the
    parsed JSON might pass. The webhooks family's signature check over the raw body must report it.
    """
    return json.dumps(json.loads(body)).encode()


@defect("webhook_stale_timestamp", "webhooks")
def webhook_stale_timestamp() -> int:
    """Signed timestamps are ten minutes old (a clock or cache bug), outside every verifier's tolerance.

    Affects the dialects that sign a timestamp (standard-webhooks, stripe); the signature itself is
    valid for the stale timestamp. The webhooks family's timestamp-freshness check must report it.
    """
    return int(time.time()) - 600


@defect("inbound_signature_unverified", "webhooks")
def inbound_signature_unverified(secret: str, body: bytes, header: str | None) -> int:
    """The inbound payment callback accepts any request: its Stripe-Signature header is never checked.

    Anyone who knows a team id can mark that team's invoices paid. The webhooks family's inbound
    checks (forged and tampered callbacks must be rejected) must report it.
    """
    return int(time.time())


@defect("inbound_replay_accepted", "webhooks")
def inbound_replay_accepted(store: Any, team_id: Any, event_id: str) -> bool:
    """The inbound payment callback processes a replayed event id again instead of rejecting it.

    Event ids are never remembered, so a captured, validly signed callback can be re-sent within the
    tolerance window. The webhooks family's inbound replay check must report it.
    """
    return True
