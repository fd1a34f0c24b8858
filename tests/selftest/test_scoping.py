"""The scoping suite against the reference API: each scoping defect found by its intended check."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.harness import AWAITING_HARNESS, list_defects, run_tenantprobe

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
# Defects whose intended findings differ run together: one run per group, sampled so both id styles
# and both auth carriers appear; each group must give exactly the union of its intended findings.
GROUPS = [
    (
        ("cross_tenant_read_by_id", "search_or_clause_leaks_rows", "team_header_spoofing"),
        ("--ids", "int"),
        "bearer",
    ),
    (("cross_tenant_update_by_id", "invoice_accepts_foreign_customer"), ("--ids", "uuid"), "api-key"),
    (("cross_tenant_delete_by_id", "invoice_customer_filter_unscoped"), ("--ids", "uuid"), "bearer"),
    (("team_id_mass_assignment",), ("--ids", "int"), "api-key"),
]
DIALECTS = [(("--ids", "int"), "bearer"), (("--ids", "uuid"), "api-key")]


def test_every_scoping_defect_of_the_reference_api_has_an_intended_check() -> None:
    catalogue = {d["name"] for d in list_defects() if d["family"] == "scoping"}
    assert catalogue - set(AWAITING_HARNESS) == set(INTENDED)
    assert sorted(name for group, _, _ in GROUPS for name in group) == sorted(INTENDED)


@pytest.mark.parametrize(
    ("defects", "dialect", "auth"), GROUPS, ids=["+".join(g[0]) + f"-{g[1][1]}-{g[2]}" for g in GROUPS]
)
def test_scoping_defects_are_found_by_their_intended_checks(
    defects: tuple[str, ...], dialect: tuple[str, ...], auth: str, tmp_path: Path
) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("scoping",), defects=defects, dialect=dialect, auth=auth)
    assert outcome.exit_code == 1, outcome.output[-3000:]
    found = {(f["suite"], f["check"], f["operation"]) for f in outcome.findings}
    intended = {("scoping", *INTENDED[defect]) for defect in defects}
    assert intended <= found, found
    assert {f["check"] for f in outcome.findings} == {check for _, check, _ in intended}, found


@pytest.mark.parametrize(("dialect", "auth"), DIALECTS[:2], ids=["int-bearer", "uuid-api-key"])
def test_clean_build_gives_no_scoping_finding(dialect: tuple[str, ...], auth: str, tmp_path: Path) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("scoping",), dialect=dialect, auth=auth)
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    assert outcome.summary is not None and outcome.summary["tests"]["passed"] > 0
