"""The RBAC probes and judges through the transport seam: the permission matrix, escalation, identities."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest

from tenantprobe import RunState
from tenantprobe.core.verdict import Verdict
from tenantprobe.families.rbac.cells import DENIED, FAILED, UNPROVEN, MatrixCell, judge_cell, settle_operation
from tenantprobe.families.rbac.escalation import (
    escalation_operations,
    grant_above_own_refused,
    identity_mismatches,
)
from tenantprobe.families.rbac.matrix import probe_permissions
from tenantprobe.openapi.operations import find_operation
from tenantprobe.tenancy.identity import IdentityResult
from tests.unit.mock_target import CONFIG, SPEC, MockTarget, caller, seam_kit, seam_run


@pytest.fixture()
def state(tmp_path: Path) -> Iterator[RunState]:
    with seam_run(tmp_path) as run:
        yield run


def _matrix(
    state: RunState, target: MockTarget, request: pytest.FixtureRequest, **kit: bool
) -> list[Verdict]:
    operation = find_operation(state.spec, "PATCH", "/projects/{id}")
    assert operation is not None
    test: pytest.Item = request.node
    return probe_permissions(seam_kit(state, target, **kit), operation, test)


def _failed_checks(verdicts: list[Verdict]) -> list[str]:
    return sorted(failure.check for verdict in verdicts for failure in verdict.failures)


def test_viewers_denied_and_editors_allowed_pass_every_cell(
    state: RunState, request: pytest.FixtureRequest
) -> None:
    verdicts = _matrix(state, MockTarget(), request)
    assert [v.outcome for v in verdicts] == ["passed"] * 4
    assert any("answered `403 Forbidden`" in v.precondition for v in verdicts)


def test_a_viewer_allowed_to_write_fails_permission_enforced(
    state: RunState, request: pytest.FixtureRequest
) -> None:
    verdicts = _matrix(state, MockTarget({"permissions_unchecked"}), request)
    assert _failed_checks(verdicts) == ["permission_enforced"] * 2


def test_an_editor_refused_what_it_holds_fails_permission_granted(
    state: RunState, request: pytest.FixtureRequest
) -> None:
    verdicts = _matrix(state, MockTarget({"editors_refused"}), request)
    assert _failed_checks(verdicts) == ["permission_granted"] * 2


def test_a_cell_with_no_own_object_to_aim_at_is_unproven(
    state: RunState, request: pytest.FixtureRequest
) -> None:
    verdicts = _matrix(state, MockTarget(), request, planted=False)
    assert {v.outcome for v in verdicts} == {"unproven"}
    assert "no object of `red` is known" in verdicts[0].reason


@pytest.mark.parametrize(
    ("status", "granted", "verdict"),
    [
        (404, False, UNPROVEN),
        (429, True, UNPROVEN),
        (503, False, UNPROVEN),
        (403, True, FAILED),
        (403, False, DENIED),
    ],
)
def test_a_cell_is_judged_from_what_its_status_proves(status: int, granted: bool, verdict: str) -> None:
    cell = MatrixCell("red/viewer", "viewer", "PATCH /projects/{id}", "projects.edit", "denied", None)
    judge_cell(cell, status, (403,), granted, "`/projects/1` of `red`")
    assert cell.verdict == verdict


def test_a_granted_422_counts_as_allowed_only_past_a_denial() -> None:
    def cell(expected: str) -> MatrixCell:
        return MatrixCell("red/" + expected, "r", "POST /projects", "projects.edit", expected, None)

    alone = [cell("allowed")]
    judge_cell(alone[0], 422, (403,), True, "`red`")
    settle_operation(alone)
    assert alone[0].verdict == UNPROVEN
    both = [cell("allowed"), cell("denied")]
    judge_cell(both[0], 422, (403,), True, "`red`")
    judge_cell(both[1], 403, (403,), False, "`red`")
    settle_operation(both)
    assert both[0].verdict == "allowed"


def test_granting_a_role_above_ones_own_is_refused(state: RunState) -> None:
    kit = seam_kit(state, MockTarget())
    [operation] = escalation_operations(kit)
    assert grant_above_own_refused(kit, operation, state.config.principal("red/editor")) == []


def test_an_accepted_grant_above_ones_own_fails_and_is_undone(state: RunState) -> None:
    target = MockTarget({"escalation_allowed"})
    kit = seam_kit(state, target)
    [operation] = escalation_operations(kit)
    failures = grant_above_own_refused(kit, operation, state.config.principal("red/editor"))
    assert [f.check for f in failures] == ["role_escalation_refused"] * 2
    assert {f.message.rsplit(" to ", 1)[-1] for f in failures} == {"another member", "itself"}
    assert sorted(m["role"] for m in target.members.values()) == ["editor", "editor", "viewer", "viewer"]


@pytest.mark.parametrize(("roles", "failed"), [(["viewer"], []), (["editor"], ["identity_matches"])])
def test_the_identity_reports_exactly_the_configured_role(
    state: RunState, roles: list[str], failed: list[str]
) -> None:
    viewer = state.config.principal("red/viewer")
    result = IdentityResult(viewer.id, 200, tenant_id="1", roles=roles)
    failures = identity_mismatches(seam_kit(state, MockTarget()), viewer, result)
    assert [f.check for f in failures] == failed


@pytest.mark.parametrize(("mode", "sent_by"), [("staging", ["viewer"]), ("local", ["editor", "viewer"])])
def test_a_granted_creation_the_spec_cannot_delete_is_sent_only_to_a_disposable_target(
    tmp_path: Path, request: pytest.FixtureRequest, mode: str, sent_by: list[str]
) -> None:
    spec = copy.deepcopy(SPEC)
    del spec["paths"]["/projects/{id}"]["delete"]
    config = CONFIG.replace("spec: /openapi.json}", f"spec: /openapi.json, mode: {mode}}}")
    target = MockTarget()
    with seam_run(tmp_path, config, spec) as state:
        operation = find_operation(state.spec, "POST", "/projects")
        assert operation is not None
        verdicts = probe_permissions(seam_kit(state, target), operation, request.node)
    # The lacking principals' requests go out in every mode: a correct target creates nothing.
    assert sorted({role for _, role in map(caller, target.sent) if role != "admin"}) == sent_by
    unproven = [v.reason for v in verdicts if v.outcome == "unproven"]
    if mode == "staging":
        assert len(unproven) == 1
        assert "the spec has no DELETE for what `POST /projects` creates" in unproven[0]
    else:
        assert unproven == []


def test_a_principal_of_several_tenants_writes_no_canary_where_no_object_is_named(tmp_path: Path) -> None:
    # Its own profile is seen in each of its tenants: a canary there would read as a leak in the other.
    config = CONFIG.replace(
        "editor: {role: editor, token: red-editor}",
        "editor: {role: editor, token: red-editor, roles_in: {blue: viewer}}",
    )
    with seam_run(tmp_path, config) as state:
        kit = seam_kit(state, MockTarget())
        no_object = find_operation(state.spec, "POST", "/projects")
        by_id = find_operation(state.spec, "PATCH", "/projects/{id}")
        assert no_object is not None and by_id is not None
        editor, viewer = state.config.principal("red/editor"), state.config.principal("red/viewer")
        assert kit.marker(editor, no_object).startswith("tp-probe-")
        assert kit.marker(editor, by_id) == kit.marker(viewer, no_object) == "tp-red-c0ffee"
