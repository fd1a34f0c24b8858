"""The Allure report as a person sees it counts what junit.xml and summary.json count.

Rendered with the real Allure CLI (`tenantprobe report`): no generated test folded into another as a
"retry", a finding shown as `failed` (not `broken`, Allure's word for a harness error), skips as skips.
CI installs the Allure 3 CLI (`.ci/run`) and sets TP_ALLURE; there a missing CLI fails this test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bench.harness import ROOT, RunOutcome, run_tenantprobe
from tenantprobe.cli.report import find_allure

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

# One defect per family, so the run has findings raised by every kind of test (generated, parametrized).
DEFECTS = (
    "customer_delete_returns_200",
    "cross_tenant_read_by_id",
    "invoice_void_permission_missing",
    "webhook_unsigned",
    "broadcast_auth_any_team",
    "ratelimit_headers_missing",
    "request_id_missing_on_errors",
)


def allure_cli() -> str:
    found = os.environ.get("TP_ALLURE") or find_allure()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("no Allure CLI in CI: .ci/run installs the npm package `allure` and sets TP_ALLURE")
        pytest.skip("no Allure CLI installed (npm install allure, or set TP_ALLURE); not exercised here")
    return found


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return run_tenantprobe(tmp_path_factory.mktemp("allure-run"), defects=DEFECTS, examples=3)


def junit_counts(path: Path) -> dict[str, int]:
    suites = ET.parse(path).getroot()
    suite = suites if suites.tag == "testsuite" else suites.find("testsuite")
    assert suite is not None
    return {key: int(suite.get(key, "0")) for key in ("tests", "failures", "errors", "skipped")}


def test_the_rendered_report_counts_every_test_and_every_failure(outcome: RunOutcome) -> None:
    allure = allure_cli()
    assert outcome.exit_code == 1, outcome.output[-3000:]
    assert outcome.summary is not None
    assert {"contract", "scoping", "rbac", "webhooks", "rate_limits", "preflight"} <= outcome.families()
    command = [sys.executable, "-m", "tenantprobe", "report", "--reports", str(outcome.reports)]
    completed = subprocess.run(
        [*command, "--allure", allure],
        cwd=ROOT, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    stats = json.loads((outcome.reports / "allure-report" / "summary.json").read_text())["stats"]
    junit = junit_counts(outcome.reports / "junit.xml")
    ours = outcome.summary["tests"]
    assert stats.get("retries", 0) == 0, stats  # no test folded into another
    total = ours["passed"] + ours["failed"] + ours["skipped"] + ours["unproven"]
    assert stats["total"] == junit["tests"] == total
    assert stats.get("failed", 0) == junit["failures"] + junit["errors"] == ours["failed"] > 0
    assert stats.get("broken", 0) == 0, stats  # every failure of this run is a finding, none a harness error
    # An unproven check is a skip with its reason in junit and Allure, its own category in summary.json.
    assert stats.get("skipped", 0) == junit["skipped"] == ours["skipped"] + ours["unproven"]
