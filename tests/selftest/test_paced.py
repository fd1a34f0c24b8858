"""A target that keeps a tight rate limit: the run paces to it, judges no 429, and still finds defects.

The reference API is started with 20 requests per 10 s per token (per client address without one):
a default run against it used to raise rate-limit, SDK and webhook findings from 429s alone. One run
of the suites that met 429s, on a build with a scoping, an RBAC and a webhook defect, must report
exactly those three and wait for the limit instead of being throttled. (A full sweep at the
reference API's own 60/60 is measured in bench/, not here: it takes minutes per build.)
"""

from __future__ import annotations

import pytest

from bench.harness import RunOutcome, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

LIMIT = ("--rate-limit", "20/10")
DEFECTS = ("cross_tenant_read_by_id", "invoice_void_permission_missing", "webhook_unsigned")
EXPECTED = {
    ("scoping", "cross_tenant_access_refused"),
    ("rbac", "permission_enforced"),
    ("webhooks", "signature_valid"),
}


@pytest.fixture(scope="module")
def paced(tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return run_tenantprobe(
        tmp_path_factory.mktemp("paced"),
        suites=("preflight", "scoping", "rbac", "webhooks", "rate_limits", "sdk"),
        defects=DEFECTS,
        examples=2,
        rate_limit=LIMIT,
    )


def test_the_defects_are_caught_and_nothing_else(paced: RunOutcome) -> None:
    assert paced.exit_code == 1, paced.output[-3000:]
    assert {(f["suite"], f["check"]) for f in paced.findings} == EXPECTED, paced.output[-3000:]
    assert not [f["message"] for f in paced.findings if "429" in f["message"]]
    assert (paced.summary or {})["errors"] == []


def test_the_run_waited_for_the_limit_and_says_how_long(paced: RunOutcome) -> None:
    pacing = (paced.summary or {})["pacing"]
    assert pacing["announced_limit"] == 20 and pacing["waited_s"] > 0, pacing
    line = f"waited {pacing['waited_s']} s for the target's rate limit (announced: 20 requests per"
    assert line in paced.output
    assert "raise the test deployment's limit" in paced.output  # and what to do about it


def test_no_check_was_left_unproven_by_the_throttle(paced: RunOutcome) -> None:
    skipped = (paced.summary or {})["skipped"]
    assert not [reason for reason in skipped.values() if "throttled" in reason], skipped
    # The probe's own principals are not paced: it spends a budget, is refused, and recovers.
    assert not [test for test in skipped if "rate_limits" in test], skipped
