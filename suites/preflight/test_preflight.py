"""The target is usable and set up as tenants.yaml says: spec valid, principals who they claim to be.

The plugin runs the same probes before collection and stops the run (exit 3) when the target or a
principal is unusable; what remains here becomes findings: an invalid spec, a missing role, a
tenant baseline (currency, timezone, ...) that differs from tenants.yaml.
"""

from __future__ import annotations

import pytest

from tenantprobe import (
    ProbeFailure,
    RunState,
    TargetClient,
    error_probes,
    harness_state,
    preflight_report,
    raise_all,
)

FAMILY = "preflight"
_config = harness_state().config
PRINCIPALS = [p.id for p in _config.principals(admins=True)]
TENANTS = list(_config.tenants)


def _judge(state: RunState, subject: str, probe: str, check: str) -> None:
    """Findings for the failed results of ``probe`` on ``subject``; a skip when it could not run."""
    results = preflight_report(state).of(subject, probe)
    if not results:
        pytest.skip(f"the preflight did not run `{probe}` for `{subject}` (an earlier probe failed)")
    failures = [
        ProbeFailure(
            family=FAMILY,
            check=check,
            message=result.message,
            operation=result.operation,
            principal=subject if "/" in subject else "",
            exchange=result.exchange,
        )
        for result in results
        if result.status == "fail"
    ]
    raise_all(failures)
    if all(result.status == "skip" for result in results):
        pytest.skip(results[0].message)


def test_spec_is_valid_openapi(tp_state: RunState) -> None:
    _judge(tp_state, "target", "spec_valid", "spec_valid")


@pytest.mark.parametrize("principal_id", PRINCIPALS)
def test_principal_authenticates(tp_state: RunState, principal_id: str) -> None:
    _judge(tp_state, principal_id, "authenticates", "principal_authenticates")


@pytest.mark.parametrize("principal_id", PRINCIPALS)
def test_principal_belongs_to_its_tenant(tp_state: RunState, principal_id: str) -> None:
    _judge(tp_state, principal_id, "tenant", "tenant_confirmed")


@pytest.mark.parametrize("principal_id", PRINCIPALS)
def test_principal_holds_its_role(tp_state: RunState, principal_id: str) -> None:
    _judge(tp_state, principal_id, "roles", "role_confirmed")


@pytest.mark.parametrize("tenant", TENANTS)
def test_tenant_baseline_matches(tp_state: RunState, tenant: str) -> None:
    _judge(tp_state, tenant, "baseline", "baseline_matches")


def test_errors_are_actionable_and_traceable(tp_state: RunState) -> None:
    """Provoke errors (anonymous identity probe, a made-up id) for the passive checks to judge."""
    probes = error_probes(tp_state.config, tp_state.spec)
    if not probes:
        pytest.skip("no identity probe and no GET by id in the spec: no error to provoke")
    statuses = []
    failures: list[ProbeFailure] = []
    for probe in probes:
        token = tp_state.tokens.get(probe.principal.id) if probe.principal else None
        with TargetClient(tp_state.config, tp_state.routes, probe.principal, token=token) as client:
            try:
                anonymous = probe.principal is None
                response = client.get(probe.path, operation=probe.operation, anonymous=anonymous)
            except ProbeFailure as failure:
                failures.append(failure)
                continue
            except BaseExceptionGroup as group:
                failures += [f for f in group.exceptions if isinstance(f, ProbeFailure)]
                continue
            statuses.append(response.status_code)
    raise_all(failures)
    if not any(status >= 400 for status in statuses):
        pytest.skip(f"the provoked requests answered {statuses}: no error response to judge")
