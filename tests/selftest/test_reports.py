"""A run with findings against the reference API gives every report, with no secret in any of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.harness import RunOutcome, run_tenantprobe
from tests.selftest.secret_scan import secret_leaks, secret_values

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

DEFECT = "customer_delete_returns_200"
OPERATION = "DELETE /api/v1/customers/{customer_id}"
NODE = (
    "suites/contract/test_contract.py",
    "-k",
    "test_operation_honours_its_contract and DELETE and customer_id",
)
CATEGORIES = {
    "Scoping leak", "Permission", "Contract", "Webhook signature", "Rate limit", "Broadcasting",
    "Preflight", "SDK", "Harness error",
}  # fmt: skip


def run(folder: Path, defects: tuple[str, ...]) -> RunOutcome:
    return run_tenantprobe(folder, suites=("contract",), defects=defects, examples=3, extra=("--", *NODE))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reports-run")


@pytest.fixture(scope="module")
def outcome(folder: Path) -> RunOutcome:
    return run(folder, (DEFECT,))


def finding_of(outcome: RunOutcome) -> dict[str, object]:
    found = [
        f for f in outcome.findings if f["check"] == "status_code_conformance" and f["operation"] == OPERATION
    ]
    assert found, outcome.output[-3000:]
    return found[0]


def test_the_run_finds_the_defect_and_names_category_runbook_and_replay(outcome: RunOutcome) -> None:
    assert outcome.exit_code == 1, outcome.output[-3000:]
    finding = finding_of(outcome)
    assert finding["category"] == "Contract"
    assert str(finding["runbook"]).endswith("runbook.md#contract")
    # Replayable as printed from any folder: the run's reports folder and configuration, absolute.
    reports, config = outcome.reports.resolve(), (outcome.reports.parent / "tenants.yaml").resolve()
    assert finding["replay"] == f"tenantprobe replay {finding['id']} --reports {reports} --config {config}"
    assert str(finding["request_id"]).startswith("tp-")
    assert (outcome.reports / "findings" / f"{finding['id']}.json").is_file()
    assert outcome.summary is not None and outcome.summary["seed"] == 1


def test_summary_html_shows_the_finding(outcome: RunOutcome) -> None:
    page = (outcome.reports / "summary.html").read_text(encoding="utf-8")
    finding = finding_of(outcome)
    assert "Contract (" in page and f"tenantprobe replay {finding['id']}" in page
    assert "data-outcome='failed'" in page


def test_allure_has_categories_environment_and_the_failure_details(outcome: RunOutcome) -> None:
    results = outcome.reports / "allure-results"
    categories = json.loads((results / "categories.json").read_text())
    assert {category["name"] for category in categories} == CATEGORIES
    environment = (results / "environment.properties").read_text()
    assert "seed=1" in environment and "spec.sha256=" in environment and "harness.version=" in environment
    failed = [
        json.loads(path.read_text())
        for path in results.glob("*-result.json")
        if json.loads(path.read_text())["status"] == "failed"
    ]
    assert failed, "no failed Allure result"
    result = failed[0]
    assert result["statusDetails"]["message"].startswith("[contract] status_code_conformance")
    names = {attachment["name"].rsplit(" ", 1)[0] for attachment in result["attachments"]}
    assert {"finding", "minimal failing example", "request and response"} <= names
    assert any(link["url"].endswith("#contract") for link in result["links"])


def test_no_credential_or_secret_appears_anywhere_under_reports(outcome: RunOutcome, folder: Path) -> None:
    # One contract test only; test_no_secret_in_reports.py runs every suite in two dialects.
    files = [path for path in outcome.reports.rglob("*") if path.is_file()]
    assert len(files) > 5
    assert secret_leaks(outcome.reports, secret_values(folder / "tenants.yaml")) == []
    # The credentials were there to filter: every finding's request carried one.
    assert any(b"[Filtered]" in path.read_bytes() for path in files)


def test_a_finding_fixed_since_the_previous_run_is_reported_as_fixed(
    outcome: RunOutcome, folder: Path
) -> None:
    finding = finding_of(outcome)
    again = run(folder, ())  # the same reports folder: this run's previous one is the run with the defect
    assert again.exit_code == 0, again.output[-3000:]  # the clean build: no finding
    assert again.summary is not None
    regression = again.summary["regression"]
    assert finding["id"] in [item["id"] for item in regression["fixed"]]
    assert (folder / "reports" / "previous-summary.json").is_file()
    page = (again.reports / "summary.html").read_text(encoding="utf-8")
    assert f"fixed: <code>{finding['id']}</code>" in page
    assert "fixed since the previous run" in again.output


def test_a_run_without_a_seed_draws_one_prints_it_and_records_it(tmp_path: Path) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("preflight",), seed=None, examples=1)
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.summary is not None and isinstance(outcome.summary["seed"], int)
    seed = outcome.summary["seed"]
    assert f"examples per operation, seed {seed} (the same cases again: --seed {seed})" in outcome.output
    assert f"seed {seed}: `--seed {seed}` generates the same cases again" in outcome.output
    environment = (outcome.reports / "allure-results" / "environment.properties").read_text()
    assert f"seed={seed}" in environment
