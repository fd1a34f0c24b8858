"""Signature schemes against published test vectors, and what each rejects.

Vectors: the Standard Webhooks specification's example (secret, id, timestamp, payload, signature);
GitHub's documented example (`Hello, World!`, `It's a Secret to Everybody`). Stripe and Spatie publish
the scheme but no digest, so their expected digests were computed independently with
`openssl dgst -sha256 -hmac <secret>` over the documented signed content.
"""

from __future__ import annotations

import pytest

from tenantprobe.families.webhooks.providers import (
    GITHUB,
    SPATIE,
    STANDARD_WEBHOOKS,
    STRIPE,
    scheme_from_config,
)
from tenantprobe.families.webhooks.schemes import MalformedSignature

SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
SW_TIMESTAMP = 1614265330
SW_BODY = b'{"test": 2432232314}'
SW_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

GITHUB_SECRET = "It's a Secret to Everybody"
GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

STRIPE_SECRET = "whsec_test_secret"
STRIPE_BODY = b'{"id":"evt_test_webhook","object":"event"}'
STRIPE_DIGEST = "88a022085c6bdb887b02cb26ff76dd681234d9675c0f22844059f55552a8883a"  # openssl, see above

SPATIE_BODY = b'{"event":"invoice.paid","id":7}'
SPATIE_DIGEST = (
    "f5eb2b6e40d7119560bd741166c676542c1287d241136dcf00bd577134c6a3f9"  # openssl, secret change-me
)


def sw_headers(signature: str = SW_SIGNATURE) -> dict[str, str]:
    return {"webhook-id": SW_ID, "webhook-timestamp": str(SW_TIMESTAMP), "webhook-signature": signature}


def test_standard_webhooks_reproduces_the_specification_vector() -> None:
    headers = STANDARD_WEBHOOKS.sign(SW_SECRET, SW_BODY, msg_id=SW_ID, timestamp=SW_TIMESTAMP)
    assert headers == sw_headers()
    assert STANDARD_WEBHOOKS.verify(sw_headers(), SW_BODY, [SW_SECRET]).valid


def test_standard_webhooks_own_hmac_agrees_with_the_package_on_non_utf8_bodies() -> None:
    body = b"\xff\xfe raw"
    digest = STANDARD_WEBHOOKS.digest(SW_SECRET, body, msg_id=SW_ID, timestamp=SW_TIMESTAMP)
    headers = {**sw_headers(), "webhook-signature": f"v1,{digest}"}
    assert STANDARD_WEBHOOKS.verify(headers, body, [SW_SECRET]).valid


def test_standard_webhooks_accepts_any_entry_of_a_rotation_header() -> None:
    rotated = "v1,bm90LXRoZS1zaWduYXR1cmU= " + SW_SIGNATURE
    assert STANDARD_WEBHOOKS.verify(sw_headers(rotated), SW_BODY, ["whsec_b3RoZXI=", SW_SECRET]).valid


@pytest.mark.parametrize(
    ("headers", "body", "problem"),
    [
        ({"webhook-id": SW_ID, "webhook-timestamp": str(SW_TIMESTAMP)}, SW_BODY, "no `webhook-signature`"),
        (sw_headers(), b'{"test":2432232314}', "no signature"),
        ({**sw_headers(), "webhook-id": "msg_other"}, SW_BODY, "no signature"),
        ({**sw_headers(), "webhook-timestamp": "1614265331"}, SW_BODY, "no signature"),
        (sw_headers("v2," + SW_SIGNATURE[3:]), SW_BODY, "carries no `v1`"),
        (sw_headers("garbage"), SW_BODY, "is not `<version>,<value>`"),
        ({**sw_headers(), "webhook-timestamp": "soon"}, SW_BODY, "not unix seconds"),
    ],
)
def test_standard_webhooks_rejects(headers: dict[str, str], body: bytes, problem: str) -> None:
    verdict = STANDARD_WEBHOOKS.verify(headers, body, [SW_SECRET])
    assert not verdict.valid
    assert problem in verdict.problem


def test_github_reproduces_the_documented_example() -> None:
    assert GITHUB.sign(GITHUB_SECRET, b"Hello, World!")["X-Hub-Signature-256"] == GITHUB_SIGNATURE
    assert GITHUB.verify({"X-Hub-Signature-256": GITHUB_SIGNATURE}, b"Hello, World!", [GITHUB_SECRET]).valid
    assert not GITHUB.verify(
        {"X-Hub-Signature-256": GITHUB_SIGNATURE}, b"Hello, World?", [GITHUB_SECRET]
    ).valid
    assert (
        "does not start with"
        in GITHUB.verify(
            {"X-Hub-Signature-256": GITHUB_SIGNATURE[7:]}, b"Hello, World!", [GITHUB_SECRET]
        ).problem
    )


def test_stripe_signs_timestamp_dot_body_with_the_whole_secret_string() -> None:
    header = STRIPE.sign(STRIPE_SECRET, STRIPE_BODY, timestamp=1492774577)["Stripe-Signature"]
    assert header == f"t=1492774577,v1={STRIPE_DIGEST}"
    assert STRIPE.read_timestamp({"stripe-signature": header}) == 1492774577


def test_stripe_counts_only_v1_entries_and_any_of_them() -> None:
    other = "0" * 64
    several = {"Stripe-Signature": f"t=1492774577,v1={other},v1={STRIPE_DIGEST}"}
    assert STRIPE.verify(several, STRIPE_BODY, [STRIPE_SECRET]).valid
    only_v0 = {"Stripe-Signature": f"t=1492774577,v0={STRIPE_DIGEST}"}
    assert "carries no `v1`" in STRIPE.verify(only_v0, STRIPE_BODY, [STRIPE_SECRET]).problem
    no_time = {"Stripe-Signature": f"v1={STRIPE_DIGEST}"}
    assert "no timestamp" in STRIPE.verify(no_time, STRIPE_BODY, [STRIPE_SECRET]).problem


def test_spatie_signs_the_raw_body_in_hex() -> None:
    assert SPATIE.sign("change-me", SPATIE_BODY) == {"Signature": SPATIE_DIGEST}
    assert SPATIE.verify({"signature": SPATIE_DIGEST}, SPATIE_BODY, ["wrong", "change-me"]).valid
    assert not SPATIE.verify({"signature": SPATIE_DIGEST}, SPATIE_BODY + b" ", ["change-me"]).valid


def test_custom_scheme_from_configuration_signs_its_template() -> None:
    scheme = scheme_from_config(
        {
            "name": "custom",
            "header": "X-Sig",
            "algorithm": "sha512",
            "encoding": "base64",
            "prefix": "s=",
            "template": "{timestamp}:{body}",
            "timestamp_header": "X-Time",
            "id_header": "X-Id",
        }
    )
    headers = scheme.sign("k", b"{}", msg_id="m1", timestamp=100)
    assert set(headers) == {"X-Sig", "X-Time", "X-Id"}
    assert headers["X-Sig"].startswith("s=")
    assert scheme.verify(headers, b"{}", ["k"]).valid
    assert not scheme.verify({**headers, "X-Time": "101"}, b"{}", ["k"]).valid


def test_custom_entries_that_do_not_parse_are_malformed() -> None:
    with pytest.raises(MalformedSignature):
        STRIPE.entries("t=1")
