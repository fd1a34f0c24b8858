"""Each role can do exactly what it is granted: the permission matrix, no escalation, true identities.

The permission each operation needs comes from the spec extension (``permissions.extension``) or
``permissions.operations``; the roles' permissions from ``permissions.roles``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tenantprobe import (
    CanarySet,
    CheckVerdict,
    IdentityResult,
    Knowledge,
    Principal,
    ProbeKit,
    RunState,
    TargetClient,
    conclude,
    declare_unproven,
    escalation_operations,
    grant_above_own_refused,
    harness_state,
    identity_mismatches,
    mass_assignment_operations,
    matrix_operations,
    may_call,
    probe_permissions,
    raise_all,
    record_subjects,
    role_field_ignored,
    roles_follow_the_tenant,
)

STATE = harness_state()
OPERATIONS = matrix_operations(STATE)
PRINCIPALS = STATE.config.principals()
# Parametrized by id: test parameters (Allure, junit) show the principal's name, nothing of its credentials.
PRINCIPAL_IDS = [p.id for p in PRINCIPALS]


@pytest.fixture(scope="session")
def rbac_kit(
    tp_state: RunState,
    tp_knowledge: Knowledge,
    canaries: CanarySet,
    client_for: Callable[[Principal], TargetClient],
) -> ProbeKit:
    return ProbeKit(tp_state, canaries, client_for)


@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.key for op in OPERATIONS])
def test_each_role_is_denied_exactly_what_it_lacks(
    operation, rbac_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    # Each cell is a verdict (proven allowed or denied, failed, unproven with why), recorded for the
    # run's one permission matrix; the reports show the cells themselves, so no subjects of its own.
    conclude(probe_permissions(rbac_kit, operation, request.node))


def _probe_each(
    request: pytest.FixtureRequest,
    principal: Principal,
    operations: list[Any],
    probe: Callable[[Any], list[Any]],
) -> None:
    """Probe every operation; what was found is reported even when a later one cannot be probed."""
    record_subjects(request.node, operations[0].key, [principal.id])
    verdicts: list[CheckVerdict] = []
    for operation in operations:
        try:
            verdicts.append(CheckVerdict.judged(probe(operation)))
        except LookupError as reason:
            verdicts.append(CheckVerdict.unproven(str(reason)))
    conclude(verdicts)


@pytest.mark.parametrize("principal_id", PRINCIPAL_IDS)
def test_no_principal_can_grant_a_role_above_its_own(
    principal_id: str, rbac_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    principal = STATE.config.principal(principal_id)
    if STATE.config.target.mode == "production":
        pytest.skip("production mode: no role changes are attempted")
    operations = [op for op in escalation_operations(rbac_kit) if may_call(rbac_kit, principal, op)]
    if not operations:
        pytest.skip(f"`{principal.id}` may call no member-management operation")
    _probe_each(request, principal, operations, lambda op: grant_above_own_refused(rbac_kit, op, principal))


@pytest.mark.parametrize("principal_id", PRINCIPAL_IDS)
def test_a_role_field_in_another_body_changes_no_role(
    principal_id: str, rbac_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    principal = STATE.config.principal(principal_id)
    if STATE.config.target.mode == "production":
        pytest.skip("production mode: no role changes are attempted")
    operations = [op for op in mass_assignment_operations(rbac_kit) if may_call(rbac_kit, principal, op)]
    if not operations:
        pytest.skip(f"`{principal.id}` may call no write without path parameters")
    _probe_each(request, principal, operations, lambda op: role_field_ignored(rbac_kit, op, principal))


@pytest.mark.parametrize("principal_id", PRINCIPAL_IDS)
def test_identity_reports_exactly_the_expected_roles_and_permissions(
    principal_id: str,
    rbac_kit: ProbeKit,
    tp_identities: dict[str, IdentityResult],
    request: pytest.FixtureRequest,
) -> None:
    principal = STATE.config.principal(principal_id)
    if STATE.config.identity is None:
        pytest.skip("tenants.yaml has no `identity` block")
    record_subjects(request.node, f"GET {STATE.config.identity.path}", [principal.id])
    result = tp_identities[principal.id]
    if not result.authenticated:
        pytest.skip(f"`{principal.id}` did not authenticate (the preflight reports it)")
    raise_all(identity_mismatches(rbac_kit, principal, result))


SWITCHES = [(p.id, tenant) for p in PRINCIPALS for tenant in p.roles_in]


@pytest.mark.parametrize(("principal_id", "tenant"), SWITCHES, ids=[f"{p}->{t}" for p, t in SWITCHES])
def test_roles_follow_the_selected_tenant(
    principal_id: str, tenant: str, rbac_kit: ProbeKit, request: pytest.FixtureRequest
) -> None:
    principal = STATE.config.principal(principal_id)
    try:
        failures = roles_follow_the_tenant(rbac_kit, principal, tenant)
    except LookupError as reason:
        declare_unproven(str(reason))
    if failures:
        record_subjects(request.node, failures[0].operation, [principal.id])
    raise_all(failures)
