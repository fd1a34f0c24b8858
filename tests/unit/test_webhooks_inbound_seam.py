"""The inbound judge through the transport seam: each verdict passes on a verifying receiver, fails on its
weakness, and forgery and replay verdicts are unproven when the genuine callback itself is refused."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from tenantprobe import ProbeFailure
from tenantprobe.families.webhooks.forgeries import KINDS, Forged, applies, forgery
from tenantprobe.families.webhooks.inbound import InboundProbe, InboundTarget
from tenantprobe.families.webhooks.inbound_judge import (
    forgery_verdict,
    genuine_failures,
    genuine_refusal,
    replay_verdict,
)
from tenantprobe.families.webhooks.providers import STRIPE
from tests.unit.mock_inbound import PaymentsTarget, inbound_probe

Prepared = tuple[InboundProbe, InboundTarget]


@pytest.fixture()
def prepare(tmp_path: Path) -> Iterator[Callable[..., Prepared]]:
    """``prepare(*defects)``: a probe on a receiver with those weaknesses, and red's invoice set up."""
    probes: list[InboundProbe] = []

    def make(*defects: str) -> Prepared:
        probe = inbound_probe(tmp_path, PaymentsTarget(set(defects)))
        probes.append(probe)
        return probe, probe.prepare("red")

    yield make
    for probe in probes:
        probe.close()


def attempt(probe: InboundProbe, target: InboundTarget, forged: Forged) -> list[ProbeFailure]:
    """One forgery as the inbound suite sends it: state read before and after, then judged."""
    before = probe.observed(target)
    exchange = probe.send(target, forged)
    return probe.judge_forgery(target, forged, exchange, before, probe.observe(target))


def wrong_secret(probe: InboundProbe, target: InboundTarget) -> Forged:
    genuine = probe.genuine(target)
    headers = probe.scheme.sign("whsec_not_reds", genuine.body, msg_id=genuine.msg_id, timestamp=genuine.now)
    return Forged("wrong_secret", genuine.body, headers, "signed with a wrong secret")


def _checks(failures: list[ProbeFailure]) -> list[str]:
    return [failure.check for failure in failures]


# -- genuine_accepted ----------------------------------------------------------------------------
def test_a_genuine_callback_is_accepted_and_takes_effect(prepare: Callable[..., Prepared]) -> None:
    probe, target = prepare()
    assert genuine_failures(probe, target) == []
    assert probe.observe(target) == 1  # the read-back saw the payment the callback made


def test_a_genuine_callback_refused_fails(prepare: Callable[..., Prepared]) -> None:
    failures = genuine_failures(*prepare("tenant_header_required"))
    assert _checks(failures) == ["genuine_accepted"]
    assert failures[0].message == (
        "Expected 2xx, got `400` for `POST /payments/{tenant_id}/events` to `red` signed with its own secret"
    )
    assert failures[0].principal == "red/anonymous"


def test_a_genuine_callback_accepted_without_its_effect_fails(prepare: Callable[..., Prepared]) -> None:
    failures = genuine_failures(*prepare("effect_ignored"))
    assert _checks(failures) == ["genuine_accepted"]
    assert "Expected the callback's effect, but `0` stayed unchanged" in failures[0].message


# -- forgery_rejected, forgery_rejected_without_error --------------------------------------------
STRIPE_KINDS = [kind for kind in KINDS if applies(kind, STRIPE, has_other_secret=True)]


@pytest.mark.parametrize("kind", STRIPE_KINDS)
def test_every_kind_of_forgery_is_refused_by_a_verifying_receiver(
    prepare: Callable[..., Prepared], kind: str
) -> None:
    probe, target = prepare()
    assert genuine_refusal(probe, target) is None

    @settings(max_examples=3, deadline=None, database=None, phases=[Phase.generate])
    @given(data=st.data())
    def refused(data: st.DataObject) -> None:
        forged = data.draw(forgery(kind, probe.scheme, probe.genuine(target)))
        assert attempt(probe, target, forged) == []

    refused()
    verdict = forgery_verdict(probe, target, [], None)
    assert (verdict.outcome, verdict.precondition) == ("passed", "the genuine callback to `red` was accepted")


def test_a_forgery_that_is_accepted_fails(prepare: Callable[..., Prepared]) -> None:
    probe, target = prepare("signature_unchecked")
    failures = attempt(probe, target, wrong_secret(probe, target))
    assert _checks(failures) == ["forgery_rejected", "forgery_rejected"]  # a 2xx, and the payment made
    assert failures[0].message.startswith("Expected 4xx, got `200` for `POST /payments/{tenant_id}/events`")
    assert "`0` -> `1`" in failures[1].message
    assert forgery_verdict(probe, target, failures, None).outcome == "failed"


def test_a_forgery_answered_with_a_server_error_fails_on_its_own_check(
    prepare: Callable[..., Prepared],
) -> None:
    probe, target = prepare("error_on_forgery")
    failures = attempt(probe, target, wrong_secret(probe, target))
    assert _checks(failures) == ["forgery_rejected_without_error"]
    assert "Expected 4xx, got `500`" in failures[0].message


def test_a_refused_forgery_that_still_took_effect_fails(prepare: Callable[..., Prepared]) -> None:
    probe, target = prepare("effect_before_check")
    failures = attempt(probe, target, wrong_secret(probe, target))
    assert _checks(failures) == ["forgery_rejected"]
    assert failures[0].message.startswith("Expected no side effect, got `0` -> `1` after `400`")


@pytest.mark.parametrize("defect", ["tenant_header_required", "tenant_header_required signature_unchecked"])
def test_forgery_verdicts_are_unproven_when_the_genuine_callback_is_refused(
    prepare: Callable[..., Prepared], defect: str
) -> None:
    probe, target = prepare(*defect.split())
    refusal = genuine_refusal(probe, target)
    assert refusal is not None
    assert "callback `POST /payments/{tenant_id}/events` to `red` was refused (`400 Bad Request`" in refusal
    assert "X-Team header required" in refusal
    # The forgery is refused too, but for the missing header: judged alone it would pass.
    assert attempt(probe, target, wrong_secret(probe, target)) == []
    verdict = forgery_verdict(probe, target, [], refusal)
    assert (verdict.outcome, verdict.reason, verdict.failures) == ("unproven", refusal, ())


# -- replay_rejected -----------------------------------------------------------------------------
def test_a_replayed_callback_is_refused(prepare: Callable[..., Prepared]) -> None:
    verdict = replay_verdict(*prepare())
    assert (verdict.outcome, verdict.precondition) == ("passed", "the genuine callback to `red` was accepted")


def test_a_replay_that_is_accepted_fails(prepare: Callable[..., Prepared]) -> None:
    verdict = replay_verdict(*prepare("replay_accepted"))
    assert verdict.outcome == "failed"
    assert _checks(list(verdict.failures)) == ["replay_rejected", "replay_rejected"]
    assert "(byte for byte)" in verdict.failures[0].message
    assert "(re-signed with a new timestamp)" in verdict.failures[1].message


def test_a_replay_without_an_accepted_callback_is_unproven(prepare: Callable[..., Prepared]) -> None:
    verdict = replay_verdict(*prepare("tenant_header_required", "replay_accepted"))
    assert verdict.outcome == "unproven"
    assert "so there is no accepted callback to replay" in verdict.reason
