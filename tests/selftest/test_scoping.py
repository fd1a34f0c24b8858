"""The scoping suite against the reference API: each scoping defect found by its intended check.

Dialects are sampled so every defect runs once and both id styles and both auth carriers appear.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.selftest.harness import list_defects, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

# defect -> (intended check, operation it must name)
INTENDED = {
    "cross_tenant_read_by_id": ("cross_tenant_access_refused", "GET /api/v1/invoices/{invoice_id}"),
    "cross_tenant_update_by_id": ("cross_tenant_access_refused", "PATCH /api/v1/customers/{customer_id}"),
    "cross_tenant_delete_by_id": ("cross_tenant_access_refused", "DELETE /api/v1/customers/{customer_id}"),
    "invoice_accepts_foreign_customer": ("cross_tenant_reference_refused", "POST /api/v1/invoices"),
    "invoice_customer_filter_unscoped": ("tenant_isolation", "GET /api/v1/invoices"),
    "search_or_clause_leaks_rows": ("tenant_isolation", "GET /api/v1/customers"),
    "team_header_spoofing": ("tenant_selector_enforced", "GET /api/v1/me"),
    "team_id_mass_assignment": ("tenant_field_immutable", "POST /api/v1/customers"),
}
DIALECTS = [(("--ids", "int"), "bearer"), (("--ids", "uuid"), "api-key"),
            (("--ids", "uuid"), "bearer"), (("--ids", "int"), "api-key")]  # fmt: skip
CASES = [(name, *DIALECTS[index % len(DIALECTS)]) for index, name in enumerate(INTENDED)]


def test_every_scoping_defect_of_the_reference_api_has_an_intended_check() -> None:
    assert {d["name"] for d in list_defects() if d["family"] == "scoping"} == set(INTENDED)


@pytest.mark.parametrize(
    ("defect", "dialect", "auth"), CASES, ids=[f"{c[0]}-{c[1][1]}-{c[2]}" for c in CASES]
)
def test_scoping_defect_is_found_by_its_intended_check(
    defect: str, dialect: tuple[str, ...], auth: str, tmp_path: Path
) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("scoping",), defects=(defect,), dialect=dialect, auth=auth)
    check, operation = INTENDED[defect]
    assert outcome.exit_code == 1, outcome.output[-3000:]
    found = {(f["suite"], f["check"], f["operation"]) for f in outcome.findings}
    assert ("scoping", check, operation) in found, found
    assert {f["check"] for f in outcome.findings} == {check}, found


@pytest.mark.parametrize(("dialect", "auth"), DIALECTS[:2], ids=["int-bearer", "uuid-api-key"])
def test_clean_build_gives_no_scoping_finding(dialect: tuple[str, ...], auth: str, tmp_path: Path) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("scoping",), dialect=dialect, auth=auth)
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    assert outcome.summary is not None and outcome.summary["tests"]["passed"] > 0
