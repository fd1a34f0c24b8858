"""The events suite passes on the clean reference API and catches each broadcasting defect.

Each run is `tenantprobe run --suite events` against a freshly started reference API; a defect's run
must fail with that defect's check and no other events check (a cross-tenant stream leak is also
reported by the shared leak detector, as a scoping finding).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.harness import AWAITING_HARNESS, list_defects, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

# defect -> the events check that must catch it
EVENTS_DEFECTS = {
    "broadcast_auth_any_team": "channel_auth_scoped",
    "broadcast_cross_team_leak": "stream_isolated",
    "broadcast_subscribe_unverified": "forged_subscription_refused",
}
# The suite's own time inside a run (tests only, not the reference API's start-up).
SUITE_BUDGET_S = 30


def test_every_events_defect_of_the_catalogue_has_a_self_test() -> None:
    catalogue = {d["name"] for d in list_defects() if d["family"] == "events"}
    assert catalogue - set(AWAITING_HARNESS) == set(EVENTS_DEFECTS)


def test_clean_build_gives_zero_findings_within_the_budget(tmp_path: Path) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("events",))
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.summary is not None
    assert outcome.findings == []
    tests = outcome.summary["tests"]
    assert tests["failed"] == 0 and tests["passed"] >= 10, tests
    assert outcome.summary["requests"] > 50
    assert outcome.summary["duration_s"] < SUITE_BUDGET_S, outcome.summary["duration_s"]


def test_each_broadcasting_defect_is_found_by_its_own_check(tmp_path: Path) -> None:
    # One run with every defect on keeps the file within its time budget (a run's start-up costs more
    # than the suite); each defect lives in a different check, and only those checks may fail.
    outcome = run_tenantprobe(tmp_path, suites=("events",), defects=tuple(sorted(EVENTS_DEFECTS)))
    assert outcome.exit_code == 1, outcome.output[-3000:]
    events_checks = {f["check"] for f in outcome.findings if f["suite"] == "events"}
    assert events_checks == set(EVENTS_DEFECTS.values()), outcome.findings
    others = {(f["suite"], f["check"]) for f in outcome.findings if f["suite"] != "events"}
    assert others == {("scoping", "tenant_isolation")}, outcome.findings
    tests = {f["check"]: f["test"] for f in outcome.findings}
    assert "test_other_tenants_channels_are_refused" in tests["channel_auth_scoped"]
    assert "test_each_subscriber_receives_only" in tests["stream_isolated"]
    assert "test_forged_subscriptions" in tests["forged_subscription_refused"]
    scoped = [f for f in outcome.findings if f["check"] == "channel_auth_scoped"]
    assert all(f["request_id"] and f["reproduce"].startswith("curl") for f in scoped), scoped
