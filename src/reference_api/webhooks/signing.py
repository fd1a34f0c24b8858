"""Outbound webhook signing, one function per dialect, and Stripe-style inbound verification.

Every signer signs the exact bytes that go on the wire; the delivery worker sends those same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime

from standardwebhooks import Webhook

from reference_api.settings import SIGNATURE_DIALECTS as DIALECTS

# Inbound callbacks older or newer than this are refused, as Stripe's libraries do by default.
INBOUND_TOLERANCE_S = 300


class SignatureError(ValueError):
    """An inbound signature header that does not verify; the message says what to fix."""


def new_secret(dialect: str) -> str:
    """A fresh signing secret in the format the dialect's own tooling expects."""
    if dialect == "standard-webhooks":
        return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    if dialect == "stripe":
        return "whsec_" + secrets.token_hex(16)
    if dialect in ("github", "spatie"):
        return secrets.token_hex(20)
    raise ValueError(f"unknown signature dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")


def _hmac_hex(key: bytes, message: bytes) -> str:
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign_standard_webhooks(
    secret: str, body: bytes, event_id: str, event_type: str, ts: int
) -> dict[str, str]:
    signature = Webhook(secret).sign(event_id, datetime.fromtimestamp(ts, tz=UTC), body.decode())
    return {"webhook-id": event_id, "webhook-timestamp": str(ts), "webhook-signature": signature}


def sign_stripe(secret: str, body: bytes, event_id: str, event_type: str, ts: int) -> dict[str, str]:
    digest = _hmac_hex(secret.encode(), str(ts).encode() + b"." + body)
    return {"Stripe-Signature": f"t={ts},v1={digest}"}


def sign_github(secret: str, body: bytes, event_id: str, event_type: str, ts: int) -> dict[str, str]:
    return {
        "X-Hub-Signature-256": "sha256=" + _hmac_hex(secret.encode(), body),
        "X-GitHub-Delivery": event_id,
        "X-GitHub-Event": event_type,
    }


def sign_spatie(secret: str, body: bytes, event_id: str, event_type: str, ts: int) -> dict[str, str]:
    return {"Signature": _hmac_hex(secret.encode(), body)}


Signer = Callable[[str, bytes, str, str, int], dict[str, str]]

SIGNERS: dict[str, Signer] = {
    "standard-webhooks": sign_standard_webhooks,
    "stripe": sign_stripe,
    "github": sign_github,
    "spatie": sign_spatie,
}

# The header that carries the signature itself, per dialect (ids and event names are not signatures).
SIGNATURE_HEADER: dict[str, str] = {
    "standard-webhooks": "webhook-signature",
    "stripe": "Stripe-Signature",
    "github": "X-Hub-Signature-256",
    "spatie": "Signature",
}


def sign(dialect: str, secret: str, body: bytes, event_id: str, event_type: str, ts: int) -> dict[str, str]:
    return SIGNERS[dialect](secret, body, event_id, event_type, ts)


def stripe_signature_header(secret: str, body: bytes, ts: int | None = None) -> str:
    """What a payment provider would send; used by tests and the demo tooling."""
    return sign_stripe(secret, body, "", "", int(time.time()) if ts is None else ts)["Stripe-Signature"]


def verify_stripe(secret: str, body: bytes, header: str | None, now: float | None = None) -> int:
    """Check a `Stripe-Signature` header against the raw body; return its timestamp or raise."""
    if not header:
        raise SignatureError("Missing Stripe-Signature header; send `t=<unix time>,v1=<hex HMAC-SHA256>`.")
    timestamp: int | None = None
    candidates: list[str] = []
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureError("Stripe-Signature `t` must be a unix timestamp in seconds.") from None
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        raise SignatureError("Stripe-Signature must carry `t=<unix time>` and at least one `v1=<hex>` entry.")
    current = time.time() if now is None else now
    if abs(current - timestamp) > INBOUND_TOLERANCE_S:
        raise SignatureError(
            f"Stripe-Signature timestamp is outside the {INBOUND_TOLERANCE_S} s tolerance; "
            "sign the request again with the current time."
        )
    expected = _hmac_hex(secret.encode(), str(timestamp).encode() + b"." + body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise SignatureError(
            "No v1 signature matches; sign `<t>.<raw body>` with HMAC-SHA256 and the team's payment secret."
        )
    return timestamp
