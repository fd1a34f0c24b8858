"""Each built-in scheme sends what its real sender sends, and inbound callbacks name their tenant.

What each provider documents (read from its published docs, not copied):
- GitHub: `X-GitHub-Event` (the event name), `X-GitHub-Delivery` (a GUID), `X-Hub-Signature-256`
  (`sha256=` + hex HMAC-SHA256 of the body; its example: `Hello, World!` with `It's a Secret to
  Everybody`), `User-Agent` starting `GitHub-Hookshot/`, and the hook's ids.
- Stripe: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (its example also
  carries a `v0=` entry, which a verifier ignores), JSON bodies, `User-Agent: Stripe/1.0 (...)`.
- Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` (`v1,<base64>`); the
  specification's own vector.
- Spatie's laravel-webhook-server: `Signature` (hex HMAC-SHA256 of the JSON body), JSON content type.

The inbound probe is tested against a small real HTTP server on loopback that records what arrives.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from tenantprobe import RunState, load_config, webhook_settings
from tenantprobe.families.webhooks.inbound import InboundProbe
from tenantprobe.families.webhooks.providers import GITHUB, SPATIE, STANDARD_WEBHOOKS, STRIPE
from tests.unit.loopback import send_json, serve

GITHUB_BODY = b"Hello, World!"
GITHUB_SECRET = "It's a Secret to Everybody"
GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
STRIPE_EXAMPLE_SHAPE = re.compile(r"^t=\d+,v1=[0-9a-f]{64}$")


def test_github_sends_event_guid_delivery_signature_and_hookshot_agent() -> None:
    delivery = GITHUB.new_message_id()
    headers = {
        **GITHUB.sender_headers("push"),
        **GITHUB.sign(GITHUB_SECRET, GITHUB_BODY, msg_id=delivery),
    }
    assert headers["X-Hub-Signature-256"] == GITHUB_SIGNATURE
    assert headers["X-GitHub-Event"] == "push"
    assert str(uuid.UUID(headers["X-GitHub-Delivery"])) == headers["X-GitHub-Delivery"]
    assert headers["User-Agent"].startswith("GitHub-Hookshot/")
    assert {"X-GitHub-Hook-ID", "X-GitHub-Hook-Installation-Target-Type"} <= set(headers)


def test_github_delivery_ids_are_fresh_guids() -> None:
    ids = {GITHUB.new_message_id() for _ in range(20)}
    assert len(ids) == 20
    assert all(uuid.UUID(value).version == 4 for value in ids)


def test_stripe_signature_has_the_documented_shape_and_ignores_a_v0_entry() -> None:
    body = b'{"id":"evt_1","object":"event","type":"invoice.paid"}'
    signed = STRIPE.sign("whsec_test", body, timestamp=1492774577)
    assert STRIPE_EXAMPLE_SHAPE.match(signed["Stripe-Signature"])
    assert signed["Stripe-Signature"].startswith("t=1492774577,")
    # Stripe's documented example carries a v0 entry beside v1: a verifier reads the v1 one.
    with_v0 = {"Stripe-Signature": signed["Stripe-Signature"] + ",v0=" + "6" * 64}
    assert STRIPE.verify(with_v0, body, ["whsec_test"]).valid
    sender = STRIPE.sender_headers("invoice.paid")
    assert sender["User-Agent"].startswith("Stripe/1.0")
    assert sender["Content-Type"].startswith("application/json")
    assert "X-GitHub-Event" not in sender


def test_standard_webhooks_sends_its_three_headers_and_msg_ids() -> None:
    headers = STANDARD_WEBHOOKS.sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        b'{"test": 2432232314}',
        msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=1614265330,
    )
    assert headers == {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    assert STANDARD_WEBHOOKS.new_message_id().startswith("msg_")
    assert STANDARD_WEBHOOKS.sender_headers("x") == {"Content-Type": "application/json"}


def test_spatie_sends_a_hex_signature_of_the_json_body() -> None:
    headers = {**SPATIE.sender_headers("x"), **SPATIE.sign("change-me", b'{"event":"invoice.paid","id":7}')}
    assert headers == {
        "Content-Type": "application/json",
        "Signature": "f5eb2b6e40d7119560bd741166c676542c1287d241136dcf00bd577134c6a3f9",
    }


# -- the inbound probe against a recording loopback server ---------------------------------------
RECEIVED: list[dict[str, Any]] = []


class _Recorder(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 — the http.server hook name
        length = int(self.headers.get("Content-Length") or 0)
        RECEIVED.append({"path": self.path, "headers": dict(self.headers), "body": self.rfile.read(length)})
        send_json(self, 200, {"received": True})

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def target_url() -> Iterator[str]:
    with serve(_Recorder) as url:
        yield url


def _probe(tmp_path: Path, url: str, scheme: str, extra: str) -> InboundProbe:
    config = f"""
version: 1
target: {{base_url: "{url}", spec: spec.json, timeout_s: 5}}
auth: {{carrier: bearer}}
tenants:
  red:
    key: red-co
    admin: {{token: red-admin}}
    principals: {{clerk: {{role: clerk, token: red-clerk}}}}
  blue:
    admin: {{token: blue-admin}}
    principals: {{clerk: {{role: clerk, token: blue-clerk}}}}
webhooks:
  scheme: {scheme}
  inbound:
    operation: POST /hooks/{{shop}}/events
    scheme: {scheme}
    secrets: {{red: red-secret, blue: blue-secret}}
    body: {{id: "{{event_id}}", type: order.paid}}
{extra}
"""
    (tmp_path / "tenants.yaml").write_text(config, encoding="utf-8")
    loaded = load_config(tmp_path / "tenants.yaml", env={})
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
    state = RunState(config=loaded, base_url=url, spec=spec, spec_sha256="")
    state.knowledge.tenant_ids.update({"red": "17", "blue": "23"})
    settings = webhook_settings(loaded, spec)
    assert settings is not None and settings.inbound is not None
    return InboundProbe(state, settings.inbound)


def _genuine_arrival(probe: InboundProbe, tenant: str) -> dict[str, Any]:
    """What reached the target when ``probe`` sent ``tenant``'s genuine callback."""
    try:
        target = probe.prepare(tenant)
        RECEIVED.clear()
        probe.send(target, probe.signed(probe.genuine(target)))
    finally:
        probe.close()
    (arrived,) = RECEIVED
    return arrived


NAMED = """    headers: {X-Shop-Id: "{tenant.id}", X-GitHub-Event: issues}
    query: {shop_key: "{tenant.key}"}
    path: {shop: "{tenant.name}"}"""


def test_genuine_and_forged_callbacks_name_their_tenant_where_the_api_expects_it(
    tmp_path: Path, target_url: str
) -> None:
    arrived = _genuine_arrival(_probe(tmp_path, target_url, "github", NAMED), "red")
    headers = {name.lower(): value for name, value in arrived["headers"].items()}
    assert arrived["path"] == "/hooks/red/events?shop_key=red-co"
    assert headers["x-shop-id"] == "17"
    # A configured header wins over the scheme's own.
    assert headers["x-github-event"] == "issues"
    assert headers["user-agent"].startswith("GitHub-Hookshot/")
    uuid.UUID(headers["x-github-delivery"])
    assert GITHUB.verify(headers, arrived["body"], ["red-secret"]).valid
    assert json.loads(arrived["body"])["type"] == "order.paid"


def test_the_event_header_takes_the_bodys_type_when_none_is_configured(
    tmp_path: Path, target_url: str
) -> None:
    arrived = _genuine_arrival(_probe(tmp_path, target_url, "github", "    path: {shop: x}"), "blue")
    assert arrived["headers"]["X-GitHub-Event"] == "order.paid"
    assert arrived["path"] == "/hooks/x/events"


def test_a_placeholder_nothing_provides_is_named(tmp_path: Path, target_url: str) -> None:
    probe = _probe(tmp_path, target_url, "stripe", '    path: {shop: "{tenant.region}"}')
    try:
        target = probe.prepare("red")
        with pytest.raises(KeyError, match=r"tenant\.region"):
            probe.send(target, probe.signed(probe.genuine(target)))
    finally:
        probe.close()
