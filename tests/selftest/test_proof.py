"""No verdict without proof: a check whose precondition was not shown is unproven, never passed.

One run shares every assert: the reference API names its inbound callbacks' tenant by header, which
the worked tenants.yaml does not send (so the genuine callback is refused), canaries are disabled
(so probes that need an object the run created have none), and webhooks are never planted (so the
permission cells of `/webhooks/{id}` have no id to call).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from bench.harness import RunOutcome, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

FORGERY_TEST = "suites/webhooks/test_inbound.py::test_forged_callback_is_rejected"
PERMISSION_TEST = "suites/rbac/test_rbac.py::test_each_role_is_denied_exactly_what_it_lacks"
UNKNOWN_IDS = "GET /api/v1/webhooks/{webhook_id}"


def _no_canaries(data: dict[str, Any]) -> None:
    data["canaries"] = {**data.get("canaries", {}), "enabled": False}


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return run_tenantprobe(
        tmp_path_factory.mktemp("proof-run"),
        suites=("scoping", "rbac", "webhooks"),
        dialect=("--inbound-tenant", "header"),
        examples=3,
        edit=_no_canaries,
    )


def _summary(outcome: RunOutcome) -> dict[str, Any]:
    assert outcome.summary is not None, outcome.output[-3000:]
    return outcome.summary


def _unproven(outcome: RunOutcome, prefix: str) -> dict[str, str]:
    return {
        item["test"]: item["reason"]
        for item in _summary(outcome)["unproven"]
        if item["test"].startswith(prefix)
    }


def test_a_refused_genuine_callback_leaves_every_forgery_test_unproven(outcome: RunOutcome) -> None:
    outcomes = _summary(outcome)["outcomes"]
    forgeries = {nodeid: value for nodeid, value in outcomes.items() if nodeid.startswith(FORGERY_TEST)}
    assert len(forgeries) >= 20 and set(forgeries.values()) == {"unproven"}, forgeries
    reasons = _unproven(outcome, FORGERY_TEST)
    assert set(reasons) == set(forgeries)
    assert all(
        "genuine, correctly signed callback" in reason and "refused" in reason for reason in reasons.values()
    )
    assert "genuine_accepted" in outcome.checks()  # the refusal itself is a finding
    assert outcome.exit_code == 1


def test_an_operation_whose_ids_are_unknown_has_only_unproven_cells(outcome: RunOutcome) -> None:
    cells = [cell for cell in _summary(outcome)["coverage"]["cells"] if cell["operation"] == UNKNOWN_IDS]
    assert cells and {cell["verdict"] for cell in cells} == {"unproven"}, cells
    assert all(cell["observed"] is None and "no object of" in cell["why"] for cell in cells)
    assert _unproven(outcome, f"{PERMISSION_TEST}[{UNKNOWN_IDS}]")
    html = (outcome.reports / "summary.html").read_text(encoding="utf-8")
    # No ✓ for any of its cells in the matrix view: each probed cell shows its unproven mark.
    marks = re.findall(rf"<td class='(\w+)' data-outcome='\w+' title='[^']*· {re.escape(UNKNOWN_IDS)}:", html)
    assert "unproven" in marks and "passed" not in marks, marks


def test_proven_cells_rest_on_a_status_of_an_existing_object(outcome: RunOutcome) -> None:
    coverage = _summary(outcome)["coverage"]
    proven = [cell for cell in coverage["cells"] if cell["verdict"] in ("allowed", "denied")]
    assert proven and all(cell["observed"] is not None and cell["observed"] != 404 for cell in proven)
    assert coverage["cell_counts"]["allowed"] > 0 and coverage["cell_counts"]["denied"] > 0


def test_without_canaries_the_scoping_probes_that_need_them_are_unproven_with_the_reason(
    outcome: RunOutcome,
) -> None:
    reasons = _unproven(outcome, "suites/scoping/")
    assert reasons, _summary(outcome)["outcomes"]
    assert any("canaries are disabled" in reason for reason in reasons.values()), reasons
    family = _summary(outcome)["coverage"]["families"]["scoping"]
    assert family["unproven"] == len(reasons) == len(family["not_proven"])


def test_summary_html_counts_match_summary_json_and_junit(outcome: RunOutcome) -> None:
    tests = _summary(outcome)["tests"]
    suite = ET.parse(outcome.reports / "junit.xml").getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    assert suite is not None
    junit = {key: int(suite.get(key, "0")) for key in ("tests", "failures", "errors", "skipped")}
    html = (outcome.reports / "summary.html").read_text(encoding="utf-8")
    shown = re.search(r"(\d+) passed, (\d+) failed, (\d+) skipped, (\d+) unproven", html)
    assert shown is not None
    passed, failed, skipped, unproven = map(int, shown.groups())
    assert (passed, failed, skipped, unproven) == (
        tests["passed"], tests["failed"], tests["skipped"], tests["unproven"]
    )  # fmt: skip
    assert unproven > 0 and failed > 0
    assert junit["tests"] == passed + failed + skipped + unproven
    assert junit["skipped"] == skipped + unproven
    assert junit["failures"] + junit["errors"] == failed
    rows = re.findall(r"<tr data-family='(\w+)'>.*?data-count='unproven'>(\d+)<", html)
    assert sum(int(count) for _, count in rows) == unproven


def test_the_closing_line_says_checks_are_unproven_and_leftovers_are_listed(outcome: RunOutcome) -> None:
    summary = _summary(outcome)
    unproven = summary["tests"]["unproven"]
    assert f"NOT PROVEN: {unproven} security check(s)" in outcome.output
    left = summary["left_behind"]
    # What the RBAC create probes made where the spec has no DELETE: listed, with the reason.
    assert left and all(set(item) == {"operation", "id", "tenant", "why"} for item in left)
    assert f"[left behind: {len(left)} object(s)" in outcome.output
    assert all(f"{item['operation']} id {item['id']} ({item['tenant']})" in outcome.output for item in left)
