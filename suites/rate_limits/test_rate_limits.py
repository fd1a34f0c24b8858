"""Rate limits are enforced per principal and per tenant, announced, and cannot be escaped.

One scenario spends a dedicated principal's budget (tenants.yaml ``rate_limits.probe``); each test
judges one property of it. The passive checks (headers present and coherent on every response of
every suite) live in ``tenantprobe.families.rate_limits.checks``.
"""

from __future__ import annotations

import pytest

from tenantprobe import ThrottleOutcome, raise_all, record_subjects

# One budget, one worker: these tests never run concurrently with each other.
pytestmark = pytest.mark.xdist_group("rate_limits")


def judge(outcome: ThrottleOutcome, prop: str, request: pytest.FixtureRequest) -> None:
    report = outcome.report
    record_subjects(request.node, report.operation, [report.principal.id])
    if outcome.error:
        pytest.fail(outcome.error, pytrace=False)
    verdict = outcome.verdicts[prop]
    raise_all(verdict.failures)
    if verdict.skipped:
        pytest.skip(verdict.skipped)


def test_allowed_responses_announce_the_limit(throttle_outcome: ThrottleOutcome, request) -> None:
    judge(throttle_outcome, "rate_limit_headers", request)


def test_limit_is_enforced_once_the_budget_is_spent(throttle_outcome: ThrottleOutcome, request) -> None:
    judge(throttle_outcome, "rate_limit_enforced", request)


def test_no_429_before_the_budget_is_spent(throttle_outcome: ThrottleOutcome, request) -> None:
    judge(throttle_outcome, "rate_limit_exact_budget", request)


def test_remaining_counts_down_one_per_request(throttle_outcome: ThrottleOutcome, request) -> None:
    judge(throttle_outcome, "rate_limit_remaining_counts_down", request)


def test_429_says_when_to_retry(throttle_outcome: ThrottleOutcome, request) -> None:
    judge(throttle_outcome, "rate_limit_retry_after", request)


def test_other_tenants_are_not_throttled(throttle_outcome: ThrottleOutcome, request) -> None:
    judge(throttle_outcome, "rate_limit_per_tenant", request)


def test_other_principals_of_the_tenant_are_not_throttled(throttle_outcome: ThrottleOutcome, request) -> None:
    judge(throttle_outcome, "rate_limit_per_principal", request)


def test_spoofed_addresses_and_carriers_do_not_escape_the_limit(
    throttle_outcome: ThrottleOutcome, request
) -> None:
    judge(throttle_outcome, "rate_limit_no_bypass", request)


def test_throttled_principal_recovers_after_retry_after(throttle_outcome: ThrottleOutcome, request) -> None:
    judge(throttle_outcome, "rate_limit_recovers", request)
