"""The RBAC suite against the reference API: each rbac defect found by its intended check.

Also the clean build at five tenants, scoping and rbac together, gives no finding.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.harness import ROOT, list_defects, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

INTENDED = {
    "invoice_void_permission_missing": ("permission_enforced", "POST /api/v1/invoices/{invoice_id}/void"),
    "customer_update_checks_delete_permission": (
        "permission_granted",
        "PATCH /api/v1/customers/{customer_id}",
    ),
    "member_role_escalation": ("role_escalation_refused", "PATCH /api/v1/members/{member_id}"),
    "role_mass_assignment_via_me": ("role_escalation_refused", "PATCH /api/v1/me"),
    "me_lists_all_team_permissions": ("identity_matches", "GET /api/v1/me"),
}
# Defects whose intended findings differ run together (one run per group), sampling both id styles
# and both auth carriers; each group must give exactly the union of its intended findings.
GROUPS = [
    (("invoice_void_permission_missing", "member_role_escalation"), ("--ids", "uuid"), "bearer"),
    (
        ("customer_update_checks_delete_permission", "me_lists_all_team_permissions"),
        ("--ids", "int"),
        "api-key",
    ),
    (("role_mass_assignment_via_me",), ("--ids", "int"), "bearer"),
]


def test_every_rbac_defect_of_the_reference_api_has_an_intended_check() -> None:
    assert {d["name"] for d in list_defects() if d["family"] == "rbac"} == set(INTENDED)
    assert sorted(name for group, _, _ in GROUPS for name in group) == sorted(INTENDED)


@pytest.mark.parametrize(
    ("defects", "dialect", "auth"), GROUPS, ids=["+".join(g[0]) + f"-{g[1][1]}-{g[2]}" for g in GROUPS]
)
def test_rbac_defects_are_found_by_their_intended_checks(
    defects: tuple[str, ...], dialect: tuple[str, ...], auth: str, tmp_path: Path
) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("rbac",), defects=defects, dialect=dialect, auth=auth)
    assert outcome.exit_code == 1, outcome.output[-3000:]
    found = {(f["suite"], f["check"], f["operation"]) for f in outcome.findings}
    intended = {("rbac", *INTENDED[defect]) for defect in defects}
    assert intended <= found, found
    assert {f["check"] for f in outcome.findings} == {check for _, check, _ in intended}, found


def test_clean_build_gives_no_rbac_finding_and_writes_the_matrix(tmp_path: Path) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("rbac",), dialect=("--ids", "uuid"))
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    matrix = yaml.safe_load((outcome.reports / "rbac-matrix.json").read_text())
    assert {cell["expected"] for cell in matrix} == {"allowed", "denied"}
    probed = [cell for cell in matrix if cell["observed"] is not None]
    assert probed and all((cell["observed"] == 403) == (cell["expected"] == "denied") for cell in probed)


def test_clean_build_at_five_tenants_gives_no_scoping_or_rbac_finding(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    subprocess.run(
        [sys.executable, "-m", "reference_api", "demo-config", "--tenants", "5", "--out", str(demo)],
        cwd=ROOT, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    generated = yaml.safe_load((demo / "tenants.yaml").read_text(encoding="utf-8"))

    def five_tenants(data: dict[str, Any]) -> None:
        args = data["target"]["embedded_args"]
        data.clear()
        data.update(generated)
        data["target"]["embedded_args"] = [*args, "--tenants", "5"]

    outcome = run_tenantprobe(tmp_path, suites=("scoping", "rbac"), edit=five_tenants)
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    assert len(generated["tenants"]) == 5
