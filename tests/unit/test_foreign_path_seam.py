"""Path tenancy through the transport seam: another tenant's path is refused and looks like a made-up one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tenantprobe import ProbeFailure, RunState
from tenantprobe.core.state import set_state
from tenantprobe.families.scoping.foreign_path import MADE_UP_PREFIX, foreign_path_refused
from tests.unit.mock_orgs import COLLECTION, CONFIG, SPEC, OrgsTarget, orgs_kit
from tests.unit.mock_target import pairing, seam_run

LIST = "GET /orgs/{org}/projects"
PATCH = "PATCH /orgs/{org}/projects/{id}"


@pytest.fixture()
def state(tmp_path: Path) -> Iterator[RunState]:
    """The run, active in the process: a path still naming `{org}` goes to the sender's own org."""
    with seam_run(tmp_path, CONFIG, SPEC) as run:
        set_state(run)
        try:
            yield run
        finally:
            set_state(None)


def _checks(failures: list[ProbeFailure]) -> list[str]:
    return [failure.check for failure in failures]


# -- tenant_existence_hidden ---------------------------------------------------------------------
def test_a_foreign_org_answered_like_a_made_up_one_passes(state: RunState) -> None:
    target = OrgsTarget()
    assert foreign_path_refused(orgs_kit(state, target), pairing(state, LIST)) == []
    # Both were asked; their bodies differ only by the org's name and the request id.
    assert target.orgs_asked[0] == "blue"
    assert target.orgs_asked[1].startswith(MADE_UP_PREFIX)


def test_a_foreign_org_refused_with_another_status_than_a_made_up_one_fails(state: RunState) -> None:
    target = OrgsTarget({"foreign_forbidden"})
    failures = foreign_path_refused(orgs_kit(state, target), pairing(state, LIST))
    assert _checks(failures) == ["tenant_existence_hidden"]
    made_up = target.orgs_asked[-1]
    assert failures[0].message == (
        f"`{LIST}` as `red/editor` tells a foreign tenant from a made-up one: `403 Forbidden` for `blue`, "
        f"`404 Not Found` for `{made_up}` (an outsider learns which tenants exist)"
    )
    assert failures[0].exchange is not None and made_up in failures[0].exchange.url


def test_a_foreign_org_worded_apart_from_a_made_up_one_fails(state: RunState) -> None:
    failures = foreign_path_refused(orgs_kit(state, OrgsTarget({"foreign_worded"})), pairing(state, LIST))
    assert _checks(failures) == ["tenant_existence_hidden"]
    assert "the bodies differ beyond the tenant's name" in failures[0].message


# -- tenant_selector_enforced for the path tenant ------------------------------------------------
def test_a_foreign_orgs_list_served_to_a_non_member_fails(state: RunState) -> None:
    target = OrgsTarget({"membership_unchecked"})
    failures = foreign_path_refused(orgs_kit(state, target), pairing(state, LIST))
    assert _checks(failures) == ["tenant_selector_enforced"] * 2  # a 2xx, and blue's canary in it
    assert failures[0].message == (
        f"Expected 404, got `200 OK` for `{LIST}` as `red/editor` under `blue`'s path "
        "(a tenant it does not belong to)"
    )
    assert "tp-blue-c0ffee" in failures[1].message
    assert target.orgs_asked == ["blue"]  # a finding already: no made-up org is asked


def test_a_write_under_a_foreign_org_is_refused_and_changes_nothing(state: RunState) -> None:
    target = OrgsTarget()
    assert foreign_path_refused(orgs_kit(state, target), pairing(state, PATCH)) == []
    assert target.orgs_asked == ["blue", "blue", "blue"]  # blue's admin reads, red writes, blue rereads


def test_a_write_under_a_foreign_org_is_confirmed_by_the_victim_rereading(state: RunState) -> None:
    target = OrgsTarget({"membership_unchecked"})
    kit = orgs_kit(state, target)
    failures = foreign_path_refused(kit, pairing(state, PATCH))
    assert _checks(failures) == ["tenant_selector_enforced"] * 3  # a 2xx, blue's team id, the change
    (blue_id,) = kit.canaries.ids_of("blue", COLLECTION)
    assert failures[2].message.endswith(
        f"`blue`'s object changed afterwards (its admin reads `{COLLECTION}/{blue_id}`)"
    )


def test_a_foreign_path_probe_without_a_victim_object_is_unproven(state: RunState) -> None:
    kit = orgs_kit(state, OrgsTarget(), planted=("red",))
    with pytest.raises(LookupError, match="no object of `blue` is known"):
        foreign_path_refused(kit, pairing(state, "GET /orgs/{org}/projects/{id}"))
