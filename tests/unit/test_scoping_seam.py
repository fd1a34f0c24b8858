"""The scoping probes through the transport seam: each passes on a scoped target, fails on its weakness."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tenantprobe import ProbeFailure, RunState
from tenantprobe.core.verdict import Unproven
from tenantprobe.families.scoping.assign import foreign_reference_refused, tenant_field_ignored
from tenantprobe.families.scoping.lists import list_isolation, selector_refused
from tenantprobe.families.scoping.probes import cross_tenant_access
from tests.unit.mock_target import MockTarget, pairing, seam_kit, seam_run


@pytest.fixture()
def state(tmp_path: Path) -> Iterator[RunState]:
    with seam_run(tmp_path) as run:
        yield run


def _checks(failures: list[ProbeFailure]) -> list[str]:
    return [failure.check for failure in failures]


@pytest.mark.parametrize("operation", ["GET /projects/{id}", "PATCH /projects/{id}"])
def test_another_tenants_object_by_id_is_refused_on_a_scoped_target(state: RunState, operation: str) -> None:
    assert cross_tenant_access(seam_kit(state, MockTarget()), pairing(state, operation)) == []


def test_a_read_by_id_that_reaches_another_tenants_object_fails(state: RunState) -> None:
    kit = seam_kit(state, MockTarget({"unscoped_by_id"}))
    failures = cross_tenant_access(kit, pairing(state, "GET /projects/{id}"))
    assert _checks(failures) == ["cross_tenant_access_refused"] * 2  # a 2xx, and blue's canary in it
    assert "Expected 403 or 404, got `200 OK`" in failures[0].message


def test_a_write_by_id_is_confirmed_by_the_victim_rereading(state: RunState) -> None:
    target = MockTarget({"unscoped_by_id"})
    kit = seam_kit(state, target)
    failures = cross_tenant_access(kit, pairing(state, "PATCH /projects/{id}"))
    assert any("`blue`'s object changed afterwards (name, team_id)" in f.message for f in failures)


def test_a_cross_tenant_probe_without_a_victim_object_is_unproven(state: RunState) -> None:
    kit = seam_kit(state, MockTarget(), planted=False)
    with pytest.raises(Unproven, match="no object of `blue` is known"):
        cross_tenant_access(kit, pairing(state, "GET /projects/{id}"))


def test_a_cross_tenant_probe_whose_object_its_owner_cannot_read_is_unproven(state: RunState) -> None:
    target = MockTarget()
    kit = seam_kit(state, target)
    target.projects.clear()  # the victim's object is gone before the probe
    with pytest.raises(Unproven, match="`blue`'s admin cannot read the object"):
        cross_tenant_access(kit, pairing(state, "GET /projects/{id}"))


def test_a_search_scoped_to_the_own_tenant_lists_nothing_of_the_victim(state: RunState) -> None:
    target = MockTarget()
    kit = seam_kit(state, target)
    assert list_isolation(kit, pairing(state, "GET /projects")) == []
    # The victim's canary was asked for, so the empty answer shows the search is scoped.
    assert any(r.url.params.get("q") == "tp-blue-c0ffee" for r in target.sent)


def test_a_search_that_ors_past_the_tenant_condition_fails(state: RunState) -> None:
    kit = seam_kit(state, MockTarget({"search_ignores_team"}))
    failures = list_isolation(kit, pairing(state, "GET /projects"))
    assert _checks(failures) == ["tenant_isolation"]
    assert "q=tp-blue-c0ffee" in failures[0].message


def test_a_list_probe_with_nothing_of_the_victim_to_recognise_is_unproven(state: RunState) -> None:
    state.knowledge.canaries.pop("blue")
    kit = seam_kit(state, MockTarget(), planted=False)
    with pytest.raises(Unproven, match="could be recognised"):
        list_isolation(kit, pairing(state, "GET /projects"))


def test_a_selector_naming_a_foreign_tenant_is_refused(state: RunState) -> None:
    kit = seam_kit(state, MockTarget())
    assert selector_refused(kit, state.config.principal("red/viewer"), "blue") == []


def test_a_trusted_selector_fails(state: RunState) -> None:
    kit = seam_kit(state, MockTarget({"selector_trusted"}))
    failures = selector_refused(kit, state.config.principal("red/viewer"), "blue")
    assert _checks(failures) == ["tenant_selector_enforced"]


@pytest.mark.parametrize("operation", ["POST /projects", "PATCH /projects/{id}"])
def test_the_tenant_field_in_a_body_is_ignored_on_a_scoped_target(state: RunState, operation: str) -> None:
    assert tenant_field_ignored(seam_kit(state, MockTarget()), pairing(state, operation)) == []


@pytest.mark.parametrize("operation", ["POST /projects", "PATCH /projects/{id}"])
def test_an_assignable_tenant_field_fails_and_the_object_is_put_back(state: RunState, operation: str) -> None:
    target = MockTarget({"tenant_field_assignable"})
    failures = tenant_field_ignored(seam_kit(state, target), pairing(state, operation))
    assert _checks(failures) == ["tenant_field_immutable"]
    assert sorted(p["team_id"] for p in target.projects.values()) == [1, 2]  # nothing left moved


def test_a_reference_to_another_tenants_object_is_refused(state: RunState) -> None:
    assert foreign_reference_refused(seam_kit(state, MockTarget()), pairing(state, "POST /tasks")) == []


def test_an_accepted_reference_to_another_tenants_object_fails(state: RunState) -> None:
    weak = MockTarget({"references_unchecked"})
    failures = foreign_reference_refused(seam_kit(state, weak), pairing(state, "POST /tasks"))
    assert _checks(failures) == ["cross_tenant_reference_refused"]
    assert "`project_id` naming `blue`'s objects" in failures[0].message
