"""The path-tenancy dialect (`/api/v1/orgs/{org}/…`) end to end: its own defects and a sample of every
family's caught by their intended checks; the clean build silent, no request to a made-up tenant
beyond the existence probes (counted at the server), and nothing the run did not create changed.

One run per group of defects whose findings differ, `--examples 3`, to stay cheap in CI.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.harness import PATH_CONFIG, RunOutcome, run_tenantprobe
from tests.robustness.leftovers import reference_api, table_counts

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

PATH = ("--tenancy", "path")
TENANTS = {"acme", "globex"}
MADE_UP_PREFIX = "tp-no-such-tenant-"
# defect -> (family, intended check, operation it must name)
INTENDED = {
    "org_membership_not_checked": ("scoping", "tenant_selector_enforced", "GET /api/v1/orgs/{org}/invoices"),
    "object_not_scoped_to_path_org": (
        "scoping",
        "cross_tenant_access_refused",
        "GET /api/v1/orgs/{org}/customers/{customer_id}",
    ),
    "invoice_customer_filter_unscoped": ("scoping", "tenant_isolation", "GET /api/v1/orgs/{org}/invoices"),
    "invoice_void_permission_missing": (
        "rbac",
        "permission_enforced",
        "POST /api/v1/orgs/{org}/invoices/{invoice_id}/void",
    ),
    # Any org keeps the home org's roles: the consultant (member in acme, viewer in globex) lists
    # globex's members under /orgs/globex/..., which only its role moved into globex can show.
    "team_header_spoofing": ("rbac", "permission_enforced", "GET /api/v1/orgs/{org}/members"),
}
CleanRun = tuple[RunOutcome, Counter[str], dict[str, int], dict[str, int]]
GROUPS = [
    (("org_membership_not_checked", "invoice_customer_filter_unscoped"), ("scoping",)),
    (("object_not_scoped_to_path_org",), ("scoping",)),
    (("invoice_void_permission_missing", "team_header_spoofing"), ("rbac",)),
]


def _run(folder: Path, defects: tuple[str, ...], suites: tuple[str, ...], edit: Any = None) -> RunOutcome:
    return run_tenantprobe(
        folder, suites=suites, defects=defects, dialect=PATH, examples=3, base=PATH_CONFIG, edit=edit
    )


@pytest.mark.parametrize(("defects", "suites"), GROUPS, ids=["+".join(g[0]) for g in GROUPS])
def test_path_dialect_defects_are_found_by_their_intended_checks(
    defects: tuple[str, ...], suites: tuple[str, ...], tmp_path: Path
) -> None:
    outcome = _run(tmp_path, defects, suites)
    assert outcome.exit_code == 1, outcome.output[-3000:]
    found = {(f["suite"], f["check"], f["operation"]) for f in outcome.findings}
    intended = {INTENDED[defect] for defect in defects}
    assert intended <= found, found
    assert {f["check"] for f in outcome.findings} == {check for _, check, _ in intended}, found


def _org_counts(log: Path) -> Counter[str]:
    counted: Counter[str] = Counter()
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("{") and '"org"' in line:
            counted[json.loads(line)["org"]] += 1
    return counted


@pytest.fixture(scope="module")
def clean_path_run(tmp_path_factory: pytest.TempPathFactory) -> CleanRun:
    """One staging run of every suite (the default run) on a clean path-dialect server that outlives it."""
    folder = tmp_path_factory.mktemp("clean-path")
    with reference_api(folder, "--tenancy", "path", "--rate-limit", "300/5") as url:
        before = table_counts(folder / "target.db")
        outcome = _run(folder, (), (), edit=lambda data: data["target"].update(base_url=url, mode="staging"))
        after = table_counts(folder / "target.db")
    return outcome, _org_counts(folder / "reference_api.log"), before, after


def test_clean_path_build_gives_no_finding(
    clean_path_run: CleanRun,
) -> None:
    outcome, _, _, _ = clean_path_run
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    assert outcome.summary is not None and outcome.summary["tests"]["passed"] > 0


def test_a_multi_org_user_is_judged_in_each_org_with_its_role_there(clean_path_run: CleanRun) -> None:
    outcome, _, _, _ = clean_path_run
    outcomes = (outcome.summary or {}).get("outcomes", {})
    rbac = "suites/rbac/test_rbac.py::test_"
    assert outcomes[f"{rbac}roles_follow_the_selected_tenant[acme/consultant->globex]"] == "passed"
    identity = f"{rbac}identity_reports_exactly_the_expected_roles_and_permissions[acme/consultant]"
    assert outcomes[identity] == "passed"


def test_the_generated_client_lists_in_its_own_org(clean_path_run: CleanRun) -> None:
    outcome, _, _, _ = clean_path_run
    outcomes = (outcome.summary or {}).get("outcomes", {})
    assert outcomes["suites/sdk/test_sdk.py::test_generated_client_lists_as_a_non_admin"] == "passed"


def test_no_request_goes_to_a_made_up_tenant_but_the_existence_probes(
    clean_path_run: CleanRun,
) -> None:
    _, counted, _, _ = clean_path_run
    made_up = {org: n for org, n in counted.items() if org not in TENANTS}
    assert counted["acme"] > 0 and counted["globex"] > 0, counted
    # Each existence probe names one fresh made-up tenant once; nothing else names one.
    assert all(org.startswith(MADE_UP_PREFIX) and n == 1 for org, n in made_up.items()), made_up
    assert 0 < len(made_up) <= 12, made_up


def test_the_run_leaves_the_object_counts_as_they_were(
    clean_path_run: CleanRun,
) -> None:
    _, _, before, after = clean_path_run
    assert after == before
