"""Every generated forgery is one a correct verifier refuses (and the genuine request it passes)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenantprobe.families.webhooks.forgeries import KINDS, Genuine, applies, encode, forgery
from tenantprobe.families.webhooks.providers import SCHEMES
from tenantprobe.families.webhooks.schemes import Scheme
from tenantprobe.families.webhooks.templates import TemplateError, fill

NOW = 1_700_000_000
SECRETS = {
    "standard-webhooks": ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2Vjb25kLXRlbmFudC1zZWNyZXQ="),
    "stripe": ("whsec_first", "whsec_second"),
    "github": ("first", "second"),
    "spatie": ("first", "second"),
}
BODY = encode({"id": "evt_1", "type": "invoice.paid", "data": {"invoice_id": 7, "note": "café"}})


def genuine(name: str) -> Genuine:
    own, other = SECRETS[name]
    return Genuine(BODY, own, "msg_1", NOW, 300, other)


def refused(scheme: Scheme, request_headers: dict[str, str], body: bytes, secret: str) -> bool:
    verdict = scheme.verify(request_headers, body, [secret])
    if not verdict.valid:
        return True
    stamp = scheme.read_timestamp(request_headers)
    return stamp is not None and abs(NOW - stamp) > 300


CASES = [
    (name, kind) for name in SCHEMES for kind in KINDS if applies(kind, SCHEMES[name], has_other_secret=True)
]


@pytest.mark.parametrize(("name", "kind"), CASES)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_forgery_is_refused_by_a_correct_verifier(name: str, kind: str, data: st.DataObject) -> None:
    scheme, original = SCHEMES[name], genuine(name)
    forged = data.draw(forgery(kind, scheme, original))
    assert forged.kind == kind
    assert refused(scheme, forged.headers, forged.body, original.secret), forged


@pytest.mark.parametrize("name", SCHEMES)
def test_the_genuine_request_passes_the_same_verifier(name: str) -> None:
    scheme, original = SCHEMES[name], genuine(name)
    headers = scheme.sign(original.secret, BODY, msg_id="msg_1", timestamp=NOW)
    assert not refused(scheme, headers, BODY, original.secret)


def test_timestamp_and_multi_entry_forgeries_apply_only_where_the_scheme_has_them() -> None:
    assert applies("stale_timestamp", SCHEMES["stripe"], has_other_secret=True)
    assert not applies("stale_timestamp", SCHEMES["github"], has_other_secret=True)
    assert not applies("empty_entry", SCHEMES["spatie"], has_other_secret=True)
    assert not applies("other_tenant_secret", SCHEMES["stripe"], has_other_secret=False)


def test_templates_keep_types_of_whole_placeholders_and_name_missing_ones() -> None:
    values = {"invoice": {"id": 7}, "tenant": "acme"}
    assert fill({"id": "{invoice.id}", "note": "for {tenant} #{invoice.id}"}, values) == {
        "id": 7,
        "note": "for acme #7",
    }
    with pytest.raises(TemplateError, match="`{customer.id}` has no value"):
        fill(["{customer.id}"], values)
    assert json.loads(BODY)["data"]["note"] == "café"
