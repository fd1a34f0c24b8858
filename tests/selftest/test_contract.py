"""The contract suite passes on the clean reference API and catches each contract defect.

Each run is the real thing: `tenantprobe run` against a freshly started reference API. Runs with a
defect select the operation the defect lives in, to keep the self-tests within the CI budget.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.harness import list_defects, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

# defect -> (operation filter for `-k`, the check that must catch it)
CONTRACT_DEFECTS = {
    "customer_delete_returns_200": ("DELETE and customers", "status_code_conformance"),
    "invoice_amount_decimal_string": ("GET and invoices and not invoice_id", "response_schema_conformance"),
    "per_page_unbounded": ("GET and customers and not customer_id", "negative_data_rejection"),
    "search_quote_server_error": ("GET and customers and not customer_id", "not_a_server_error"),
}


def test_every_contract_defect_of_the_catalogue_has_a_self_test() -> None:
    catalogue = {d["name"] for d in list_defects() if d["family"] == "contract"}
    assert catalogue == set(CONTRACT_DEFECTS)


def test_clean_build_gives_zero_findings_and_real_traffic(tmp_path: Path) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("contract",), examples=2)
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.summary is not None
    assert outcome.findings == []
    assert outcome.summary["requests"] > 100
    assert outcome.summary["tests"]["passed"] >= 15
    assert outcome.summary["tests"]["failed"] == 0


@pytest.mark.parametrize("defect", sorted(CONTRACT_DEFECTS))
def test_contract_defect_is_found_by_its_check(tmp_path: Path, defect: str) -> None:
    selection, check = CONTRACT_DEFECTS[defect]
    outcome = run_tenantprobe(
        tmp_path, suites=("contract",), defects=(defect,), examples=5, extra=("--", "-k", selection)
    )
    assert outcome.exit_code == 1, outcome.output[-3000:]
    assert outcome.families() == {"contract"}, outcome.findings
    assert check in outcome.checks(), outcome.findings


def test_a_finding_reaches_summary_junit_and_allure_with_request_curl_and_replay(tmp_path: Path) -> None:
    outcome = run_tenantprobe(
        tmp_path, suites=("contract",), defects=("search_quote_server_error",), examples=5,
        extra=("--", "-k", CONTRACT_DEFECTS["search_quote_server_error"][0]),
    )  # fmt: skip
    assert outcome.exit_code == 1, outcome.output[-3000:]
    finding = next(f for f in outcome.findings if f["check"] == "not_a_server_error")
    for key in ("id", "suite", "check", "operation", "tenant", "role", "message", "request_id", "reproduce"):
        assert finding[key], key
    assert finding["reproduce"].startswith("curl ")
    assert "[Filtered]" in finding["reproduce"]
    assert finding["replay"].startswith("tenantprobe ")
    junit = (outcome.reports / "junit.xml").read_text()
    assert "<failure" in junit and "not_a_server_error" in junit
    allure_files = list((outcome.reports / "allure-results").iterdir())
    attachments = "".join(p.read_text(errors="replace") for p in allure_files if "attachment" in p.name)
    assert finding["request_id"] in attachments
    assert "curl " in attachments and "replay" in attachments
    results = [json.loads(p.read_text()) for p in allure_files if p.name.endswith("-result.json")]
    assert any(r["status"] == "failed" for r in results)
    assert outcome.output.count(finding["id"]) >= 1  # the closing summary names it
