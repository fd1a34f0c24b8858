"""The throttle probe and its judges through the transport seam, against an in-memory limiter.

Each planted weakness of ``mock_limiter`` must fail exactly its check and the sound limiter none;
the verdicts that need a state the limiter cannot reach in a bounded test are judged on a real
report, changed in the one way that matters.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tenantprobe import probe_throttling
from tenantprobe.families.rate_limits import (
    RATE_LIMIT_ENFORCED,
    RATE_LIMIT_EXACT_BUDGET,
    RATE_LIMIT_NO_BYPASS,
    RATE_LIMIT_PER_PRINCIPAL,
    RATE_LIMIT_PER_TENANT,
    RATE_LIMIT_RECOVERS,
    RATE_LIMIT_REMAINING_COUNTS_DOWN,
    judge,
)
from tenantprobe.families.rate_limits.run import ThrottleOutcome
from tests.unit.mock_limiter import LIMIT, MemoryLimiter, limiter_config, limiter_state


def _probe(tmp_path: Path, limiter: MemoryLimiter, **probe: object) -> ThrottleOutcome:
    state = limiter_state(tmp_path, limiter_config(**probe))
    outcome = probe_throttling(state, limiter.transport())
    assert outcome.error == ""
    return outcome


def _failed(outcome: ThrottleOutcome) -> set[str]:
    return {name for name, verdict in outcome.verdicts.items() if verdict.failures}


def test_a_sound_limiter_passes_every_check_it_can_show(tmp_path: Path) -> None:
    limiter = MemoryLimiter()
    outcome = _probe(tmp_path, limiter)
    assert _failed(outcome) == set()
    skipped = {name: verdict.skipped for name, verdict in outcome.verdicts.items() if verdict.skipped}
    assert list(skipped) == [RATE_LIMIT_RECOVERS]  # Retry-After 60 exceeds the probe's 5 s: said, not passed
    assert "Retry-After wait of 60 s exceeds" in skipped[RATE_LIMIT_RECOVERS]
    report = outcome.report
    assert (report.spend.allowed, report.spend.left_at_throttle) == (LIMIT, 0)
    assert report.throttle_held and len(report.neighbours) == 1 and len(report.colleagues) == 2
    assert any("X-Forwarded-For" in variant.label for variant, _ in report.bypasses)
    assert report.requests <= 40


@pytest.mark.parametrize(
    ("defect", "failed", "message"),
    [
        (
            "unenforced",
            {RATE_LIMIT_ENFORCED},
            "Expected `429 Too Many Requests` once Remaining reached 0, got `200 OK`",
        ),
        (
            "premature",
            {RATE_LIMIT_EXACT_BUDGET},
            f"got it after {LIMIT - 2} allowed requests with Remaining 2",
        ),
        (
            "skips",
            {RATE_LIMIT_REMAINING_COUNTS_DOWN},
            "Expected Remaining to go down by one per request, got 2, 0 after 4",
        ),
        (
            "one_budget",
            {RATE_LIMIT_PER_TENANT, RATE_LIMIT_PER_PRINCIPAL},
            "Expected `b/ratelimit-probe` not to be throttled",
        ),
        ("tenant_budget", {RATE_LIMIT_PER_PRINCIPAL}, "Expected `a/viewer` not to be throttled"),
        (
            "trusts_forwarded",
            {RATE_LIMIT_NO_BYPASS},
            "with `X-Forwarded-For: 203.0.113.7` while throttled, got `200 OK`",
        ),
    ],
)
def test_each_planted_weakness_fails_exactly_its_check(
    tmp_path: Path, defect: str, failed: set[str], message: str
) -> None:
    outcome = _probe(tmp_path, MemoryLimiter({defect}))
    assert _failed(outcome) == failed
    messages = [f.message for name in failed for f in outcome.verdicts[name].failures]
    assert any(message in text for text in messages), messages


def test_an_unenforced_limit_leaves_the_throttle_checks_unproven(tmp_path: Path) -> None:
    outcome = _probe(tmp_path, MemoryLimiter({"unenforced"}))
    for name in (
        RATE_LIMIT_EXACT_BUDGET,
        RATE_LIMIT_PER_TENANT,
        RATE_LIMIT_PER_PRINCIPAL,
        RATE_LIMIT_NO_BYPASS,
        RATE_LIMIT_RECOVERS,
    ):
        assert "was never throttled (allowed again after Remaining 0)" in outcome.verdicts[name].skipped


def test_a_budget_too_large_to_spend_is_unproven_not_passed(tmp_path: Path) -> None:
    outcome = _probe(tmp_path, MemoryLimiter(), max_requests=LIMIT - 2)
    assert _failed(outcome) == set()
    assert "the budget could not be spent within one window" in outcome.verdicts[RATE_LIMIT_ENFORCED].skipped
    assert (
        "more than rate_limits.probe.max_requests allows" in outcome.verdicts[RATE_LIMIT_EXACT_BUDGET].skipped
    )


def test_without_a_second_tenants_probe_the_per_tenant_budget_is_unproven(tmp_path: Path) -> None:
    outcome = _probe(tmp_path, MemoryLimiter({"one_budget"}), principals={"a": {"token": "a-probe"}})
    assert "has no a probe principal of a second tenant" in outcome.verdicts[RATE_LIMIT_PER_TENANT].skipped
    assert _failed(outcome) == {RATE_LIMIT_PER_PRINCIPAL}


def test_a_tenant_wide_budget_is_not_judged_per_principal(tmp_path: Path) -> None:
    config = limiter_config()
    config["rate_limits"]["scope"] = "tenant"
    state = limiter_state(tmp_path, config)
    outcome = probe_throttling(state, MemoryLimiter({"tenant_budget"}).transport())
    assert _failed(outcome) == set()
    assert "rate_limits.scope is `tenant`" in outcome.verdicts[RATE_LIMIT_PER_PRINCIPAL].skipped
    assert outcome.report.colleagues == []  # they share the budget by design: not even asked


def test_a_limiter_that_lets_the_principal_back_passes_recovery(tmp_path: Path) -> None:
    # Retry-After 0 and a 0.1 s cool-off: the probe waits 0.2 s past the last 429, then is let back.
    outcome = _probe(tmp_path, MemoryLimiter(retry_after="0", cooloff=0.1))
    report = outcome.report
    assert outcome.verdicts[RATE_LIMIT_RECOVERS] == judge.Verdict()
    assert report.recovered is not None and report.recovered.status == 200
    assert report.wait_source == "Retry-After" and report.waited_s < 1.0


def test_a_principal_still_throttled_after_the_announced_wait_fails_recovery(tmp_path: Path) -> None:
    # The probe would poll for 1.5 s more before judging: the still-throttled answer is judged as is.
    report = _probe(tmp_path, MemoryLimiter()).report
    assert report.still_throttled is not None and report.still_throttled.status == 429
    stuck = dataclasses.replace(
        report,
        recovered=report.still_throttled,
        recovery_skipped="",
        waited_s=60.2,
        wait_source="Retry-After",
    )
    [failure] = judge.recovers(stuck).failures
    assert failure.check == RATE_LIMIT_RECOVERS
    assert "after waiting 60.2 s (Retry-After), got `429 Too Many Requests`" in failure.message


def test_a_bypass_answered_after_the_window_reset_proves_nothing(tmp_path: Path) -> None:
    report = _probe(tmp_path, MemoryLimiter({"trusts_forwarded"})).report
    assert judge.no_bypass(report).failures
    allowed_again = next(step for _, step in report.bypasses if step.status == 200)
    reset = dataclasses.replace(report, still_throttled=allowed_again)
    verdict = judge.no_bypass(reset)
    assert verdict.failures == [] and "the window reset during the bypass attempts" in verdict.skipped
