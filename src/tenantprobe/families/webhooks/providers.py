"""The published signature schemes as their real senders send them, and schemes read from tenants.yaml.

Four are built in (Standard Webhooks, Stripe, GitHub, Spatie's laravel-webhook-server), each with the
full header set its sender documents (signature, id, timestamp, event name, User-Agent); ``auto``
waits for the spec to say which one; a mapping in tenants.yaml describes a custom HMAC scheme.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from tenantprobe.families.webhooks.schemes import Scheme

# Each built-in scheme sends the full header set of its real sender, as the providers document it.
STANDARD_WEBHOOKS = Scheme(
    "standard-webhooks",
    "webhook-signature",
    "standard",
    "{id}.{timestamp}.{body}",
    encoding="base64",
    timestamp_header="webhook-timestamp",
    id_header="webhook-id",
    base64_secret=True,
    sender=(("Content-Type", "application/json"),),
)
STRIPE = Scheme(
    "stripe",
    "Stripe-Signature",
    "stripe",
    "{timestamp}.{body}",
    timestamp_header="Stripe-Signature",
    sender=(
        ("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"),
        ("Content-Type", "application/json; charset=utf-8"),
    ),
)
GITHUB = Scheme(
    "github",
    "X-Hub-Signature-256",
    prefix="sha256=",
    id_header="X-GitHub-Delivery",
    event_header="X-GitHub-Event",
    id_format="uuid",
    # Hook and installation-target ids name the sender's own objects: `inbound.headers` sets real ones.
    sender=(
        ("User-Agent", "GitHub-Hookshot/4a6c8d2"),
        ("Content-Type", "application/json"),
        ("X-GitHub-Hook-ID", "1"),
        ("X-GitHub-Hook-Installation-Target-Type", "repository"),
        ("X-GitHub-Hook-Installation-Target-ID", "1"),
    ),
)
SPATIE = Scheme("spatie", "Signature", sender=(("Content-Type", "application/json"),))
SCHEMES = {scheme.name: scheme for scheme in (STANDARD_WEBHOOKS, STRIPE, GITHUB, SPATIE)}


# `scheme: auto` until the spec says which: the published scheme whose header it declares.
AUTO = Scheme("auto", "")


def scheme_from_config(value: Any) -> Scheme:
    """A scheme from tenants.yaml: a built-in name, ``auto``, or a mapping (``name: custom`` plus keys)."""
    if value == "auto":
        return AUTO
    if isinstance(value, str):
        return SCHEMES[value]
    options = dict(value)
    name = options.pop("name", "custom")
    if name in SCHEMES:
        return replace(SCHEMES[name], **_custom_fields(options)) if options else SCHEMES[name]
    return Scheme(name="custom", **_custom_fields(options))


def _custom_fields(options: dict[str, Any]) -> dict[str, Any]:
    renamed = {
        "timestamp_header": "timestamp_header",
        "id_header": "id_header",
        "secret_base64": "base64_secret",
    }
    fields = {renamed.get(key, key): value for key, value in options.items()}
    if "sender_headers" in fields:
        fields["sender"] = tuple(dict(fields.pop("sender_headers")).items())
    return fields


def scheme_for_headers(names: Iterable[str]) -> Scheme | None:
    """The published scheme whose signature header is among ``names`` (as a spec declares them)."""
    lowered = {name.lower() for name in names}
    return next((s for s in SCHEMES.values() if s.header.lower() in lowered), None)
