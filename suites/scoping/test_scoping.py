"""Each tenant sees and changes only its own data: by id, in lists, through the selector, in bodies.

Attackers, victims and operations come from the covering design (see docs/architecture.md):
every operation, ordered tenant pair and role is probed at least once per run.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tenantprobe import (
    CanarySet,
    Knowledge,
    Pairing,
    Principal,
    ProbeKit,
    RunState,
    TargetClient,
    cross_tenant_access,
    declare_unproven,
    foreign_path_refused,
    foreign_reference_refused,
    harness_state,
    list_isolation,
    raise_all,
    record_subjects,
    scoping_plan,
    selector_refused,
    tenant_field_ignored,
)

PLAN = scoping_plan(harness_state())


def _ids(pairings: list[Pairing]) -> list[str]:
    return [pairing.label for pairing in pairings]


@pytest.fixture(scope="session")
def probe_kit(
    tp_state: RunState,
    tp_knowledge: Knowledge,
    canaries: CanarySet,
    client_for: Callable[[Principal], TargetClient],
) -> ProbeKit:
    return ProbeKit(tp_state, canaries, client_for)


def _run(request: pytest.FixtureRequest, pairing: Pairing, probe: Callable[[], list]) -> None:
    record_subjects(request.node, pairing.operation, [pairing.attacker.id])
    try:
        failures = probe()
    except LookupError as reason:  # a precondition not shown (no object of the victim's, say)
        declare_unproven(str(reason))
    raise_all(failures)


@pytest.mark.parametrize("pairing", PLAN.by_id, ids=_ids(PLAN.by_id))
def test_another_tenants_object_is_out_of_reach_by_id(
    pairing: Pairing, probe_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    _run(request, pairing, lambda: cross_tenant_access(probe_kit, pairing))


@pytest.mark.parametrize("pairing", PLAN.lists, ids=_ids(PLAN.lists))
def test_lists_and_filters_never_return_another_tenants_objects(
    pairing: Pairing, probe_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    _run(request, pairing, lambda: list_isolation(probe_kit, pairing))


@pytest.mark.parametrize("pairing", PLAN.selector, ids=_ids(PLAN.selector))
def test_tenant_selector_cannot_reach_a_tenant_the_principal_is_not_in(
    pairing: Pairing, probe_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    _run(request, pairing, lambda: selector_refused(probe_kit, pairing.attacker, pairing.victim))


@pytest.mark.parametrize("pairing", PLAN.foreign_path, ids=_ids(PLAN.foreign_path))
def test_another_tenants_path_is_refused_and_looks_like_a_made_up_one(
    pairing: Pairing, probe_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    _run(request, pairing, lambda: foreign_path_refused(probe_kit, pairing))


@pytest.mark.parametrize("pairing", PLAN.tenant_field, ids=_ids(PLAN.tenant_field))
def test_tenant_field_in_a_body_does_not_move_the_object(
    pairing: Pairing, probe_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    _run(request, pairing, lambda: tenant_field_ignored(probe_kit, pairing))


@pytest.mark.parametrize("pairing", PLAN.references, ids=_ids(PLAN.references))
def test_references_to_another_tenants_objects_are_refused(
    pairing: Pairing, probe_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    _run(request, pairing, lambda: foreign_reference_refused(probe_kit, pairing))
