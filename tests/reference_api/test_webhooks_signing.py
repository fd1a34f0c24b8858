"""Each outbound signature dialect verifies with code written independently of the signer."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from reference_api.webhooks.signing import (
    SignatureError,
    new_secret,
    sign,
    stripe_signature_header,
    verify_stripe,
)

EVENT = {"id": "evt_1", "type": "customer.created", "data": {"id": 7}}
BODY = json.dumps(EVENT, separators=(",", ":")).encode()


def test_standard_webhooks_secret_is_whsec_base64_of_24_bytes():
    secret = new_secret("standard-webhooks")
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 24


@pytest.mark.parametrize("dialect", ["github", "spatie"])
def test_hex_dialects_use_hex_secrets(dialect):
    secret = new_secret(dialect)
    assert int(secret, 16) >= 0 and len(secret) == 40


def test_unknown_dialect_is_refused_with_the_valid_names():
    with pytest.raises(ValueError, match="standard-webhooks"):
        new_secret("custom")


def test_standard_webhooks_signature_verifies_with_the_reference_library():
    secret = new_secret("standard-webhooks")
    headers = sign("standard-webhooks", secret, BODY, "msg_1", "customer.created", int(time.time()))
    assert Webhook(secret).verify(BODY, headers)["id"] == "evt_1"


def test_standard_webhooks_signature_fails_for_another_secret():
    headers = sign("standard-webhooks", new_secret("standard-webhooks"), BODY, "msg_1", "x", int(time.time()))
    with pytest.raises(WebhookVerificationError):
        Webhook(new_secret("standard-webhooks")).verify(BODY, headers)


def test_stripe_signature_is_hmac_of_timestamp_dot_body_keyed_by_the_whole_secret():
    secret = new_secret("stripe")
    headers = sign("stripe", secret, BODY, "msg_1", "x", 1_700_000_000)
    expected = hmac.new(secret.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert headers == {"Stripe-Signature": f"t=1700000000,v1={expected}"}


def test_github_signature_covers_the_body_and_names_delivery_and_event():
    headers = sign("github", "k" * 40, BODY, "d-1", "invoice.paid", 0)
    expected = hmac.new(b"k" * 40, BODY, hashlib.sha256).hexdigest()
    assert headers == {
        "X-Hub-Signature-256": f"sha256={expected}",
        "X-GitHub-Delivery": "d-1",
        "X-GitHub-Event": "invoice.paid",
    }


def test_spatie_signature_is_plain_hex_hmac_of_the_body():
    headers = sign("spatie", "s3", BODY, "d-1", "x", 0)
    assert headers == {"Signature": hmac.new(b"s3", BODY, hashlib.sha256).hexdigest()}


def test_inbound_stripe_signature_round_trips():
    now = int(time.time())
    assert verify_stripe("whsec_x", BODY, stripe_signature_header("whsec_x", BODY, now)) == now


def test_inbound_accepts_any_matching_v1_among_several():
    now = int(time.time())
    good = stripe_signature_header("whsec_x", BODY, now).split(",v1=")[1]
    assert verify_stripe("whsec_x", BODY, f"t={now},v1={'0' * 64},v1={good}") == now


@pytest.mark.parametrize(
    ("header", "fragment"),
    [
        (None, "Missing"),
        ("v1=abc", "t=<unix time>"),
        ("t=soon,v1=abc", "unix timestamp"),
        ("t={now},v1={bad}", "No v1 signature matches"),
        ("t={old},v1={bad}", "tolerance"),
    ],
)
def test_inbound_rejections_say_what_to_fix(header, fragment):
    now = int(time.time())
    if header is not None:
        header = header.format(now=now, old=now - 301, bad="0" * 64)
    with pytest.raises(SignatureError, match=fragment):
        verify_stripe("whsec_x", BODY, header)


def test_inbound_rejects_a_tampered_body():
    header = stripe_signature_header("whsec_x", BODY)
    with pytest.raises(SignatureError):
        verify_stripe("whsec_x", BODY.replace(b"7", b"8"), header)
