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

from tests.selftest.harness import ROOT, list_defects, run_tenantprobe

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
DIALECTS = [(("--ids", "uuid"), "bearer"), (("--ids", "int"), "api-key"),
            (("--ids", "int"), "bearer"), (("--ids", "uuid"), "api-key")]  # fmt: skip
CASES = [(name, *DIALECTS[index % len(DIALECTS)]) for index, name in enumerate(INTENDED)]


def test_every_rbac_defect_of_the_reference_api_has_an_intended_check() -> None:
    assert {d["name"] for d in list_defects() if d["family"] == "rbac"} == set(INTENDED)


@pytest.mark.parametrize(
    ("defect", "dialect", "auth"), CASES, ids=[f"{c[0]}-{c[1][1]}-{c[2]}" for c in CASES]
)
def test_rbac_defect_is_found_by_its_intended_check(
    defect: str, dialect: tuple[str, ...], auth: str, tmp_path: Path
) -> None:
    outcome = run_tenantprobe(tmp_path, suites=("rbac",), defects=(defect,), dialect=dialect, auth=auth)
    check, operation = INTENDED[defect]
    assert outcome.exit_code == 1, outcome.output[-3000:]
    found = {(f["suite"], f["check"], f["operation"]) for f in outcome.findings}
    assert ("rbac", check, operation) in found, found
    assert {f["check"] for f in outcome.findings} == {check}, found


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
