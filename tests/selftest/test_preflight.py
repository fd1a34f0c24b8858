"""The preflight suite and its passive checks against the reference API: each defect found, clean passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.harness import RunOutcome, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]


def _preflight_checks(outcome: RunOutcome) -> set[str]:
    return {f["check"] for f in outcome.findings if f["suite"] == "preflight"}


def test_clean_build_passes_the_preflight_in_another_dialect(tmp_path: Path) -> None:
    """API-key auth and uuid ids: nothing of the bearer/int default is assumed (the defect run covers it)."""
    outcome = run_tenantprobe(tmp_path, suites=("preflight",), auth="api-key", dialect=("--ids", "uuid"))
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    assert outcome.summary is not None and outcome.summary["tests"]["passed"] > 0


def test_preflight_defects_and_a_wrong_baseline_are_findings(tmp_path: Path) -> None:
    """One run, three defects: errors without a request id, a 404 with an empty body, a UTC team."""

    def wrong_currency(data: dict[str, Any]) -> None:
        data["tenants"]["globex"]["baseline"]["/team/currency"] = "GBP"

    outcome = run_tenantprobe(
        tmp_path,
        suites=("preflight",),
        defects=("request_id_missing_on_errors", "error_with_empty_body", "me_team_timezone_utc"),
        edit=wrong_currency,
    )
    assert outcome.exit_code == 1, outcome.output[-3000:]
    assert _preflight_checks(outcome) == {"request_id_present", "error_actionable", "baseline_matches"}
    assert outcome.families() == {"preflight"}
    baselines = [f["message"] for f in outcome.findings if f["check"] == "baseline_matches"]
    assert any("UTC" in message and "timezone" in message for message in baselines), baselines
    globex = [f for f in outcome.findings if f["check"] == "baseline_matches" and "globex" in f["message"]]
    baseline = globex[0]
    assert "`GBP`" in baseline["message"] and "`EUR`" in baseline["message"]
    assert "tenants.globex.baseline" in baseline["message"]
    empty = next(f for f in outcome.findings if f["check"] == "error_actionable")
    assert "empty" in empty["message"] and empty["request_id"]
    missing = next(f for f in outcome.findings if f["check"] == "request_id_present")
    assert "X-Request-Id" in missing["message"] and missing["request_id"]  # the client's id still names it


def test_a_rejected_credential_stops_the_run_with_exit_3_and_the_table(tmp_path: Path) -> None:
    def bogus_viewer(data: dict[str, Any]) -> None:
        data["tenants"]["acme"]["principals"]["viewer"]["token"] = "4|not-a-real-token"

    outcome = run_tenantprobe(tmp_path, suites=("preflight",), edit=bogus_viewer)
    assert outcome.exit_code == 3, outcome.output[-3000:]
    assert outcome.summary is None
    assert "acme/viewer" in outcome.output and "authenticates" in outcome.output
    assert "tenants.acme.principals.viewer" in outcome.output
    assert "not-a-real-token" not in outcome.output
