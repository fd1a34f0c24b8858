"""Server-Sent Events streams: another tenant's stream is refused like one that does not exist, a
stream without credentials is refused, and a replay from the start carries only the tenant's own
backlog. (That each live stream carries only its tenant's events is `test_streams.py`, for both
transports.)
"""

from __future__ import annotations

import pytest

from tenantprobe import (
    EventsSettings,
    Knowledge,
    ProbeFailure,
    RunState,
    ScenarioError,
    StreamScenario,
    StreamUnproven,
    anonymous_stream_failures,
    combine_by_subject,
    foreign_stream_failures,
    harness_state,
    raise_all,
    record_subjects,
    replay_failures,
    stream_operation,
    triggers_blocked,
)

PRINCIPALS = [principal.id for principal in harness_state().config.principals()]


def _operation(state: RunState, settings: EventsSettings) -> str:
    """The stream operation, found the way every probe finds it; a failed test when it cannot be."""
    try:
        return stream_operation(state, settings).key
    except ScenarioError as error:
        pytest.fail(f"the stream cannot be found: {error}", pytrace=False)


@pytest.mark.parametrize("principal_id", PRINCIPALS)
def test_other_tenants_streams_are_refused_like_made_up_ones(
    principal_id: str,
    tp_state: RunState,
    sse_events: EventsSettings,
    tenant_ids: dict[str, str],
    request: pytest.FixtureRequest,
) -> None:
    record_subjects(request.node, _operation(tp_state, sse_events), [principal_id])
    principal = tp_state.config.principal(principal_id)
    # A principal that also belongs to another tenant (roles_in) may open that tenant's stream.
    others = [name for name in tenant_ids if name != principal.tenant and name not in principal.roles_in]
    if not others:
        pytest.skip(
            f"`{principal_id}` belongs to every configured tenant: no other tenant's stream to ask for"
        )
    failures: list[ProbeFailure] = []
    try:
        for other in others:
            failures += foreign_stream_failures(tp_state, sse_events, principal, other)
    except StreamUnproven as reason:
        pytest.skip(f"unproven: {reason}")
    raise_all(combine_by_subject(failures))


def test_streams_without_credentials_are_refused(
    tp_state: RunState, sse_events: EventsSettings, tenant_ids: dict[str, str], request: pytest.FixtureRequest
) -> None:
    record_subjects(request.node, _operation(tp_state, sse_events), [])
    tenant = next((t for t in tp_state.config.tenants.values() if t.principals), None)
    if tenant is None:
        pytest.skip("no tenant has principals to name a stream with")
    try:
        raise_all(anonymous_stream_failures(tp_state, sse_events, tenant.name))
    except StreamUnproven as reason:
        pytest.skip(f"unproven: {reason}")


def test_a_replay_from_the_start_carries_only_the_tenants_own_backlog(
    tp_state: RunState,
    sse_events: EventsSettings,
    tp_knowledge: Knowledge,
    stream_scenario: StreamScenario,
    request: pytest.FixtureRequest,
) -> None:
    if not sse_events.triggers:
        pytest.skip(
            "events.triggers is empty: nothing puts events in the backlog, so a replay cannot be judged"
        )
    if blocked := triggers_blocked(tp_state, sse_events):
        pytest.skip(blocked)
    readers = [tenant.principals[0] for tenant in tp_state.config.tenants.values() if tenant.principals]
    record_subjects(request.node, _operation(tp_state, sse_events), [p.id for p in readers])
    failures: list[ProbeFailure] = []
    unproven = broken = ""
    try:
        stream_scenario.cause_events()
        failures = replay_failures(stream_scenario, readers)
    except StreamUnproven as reason:
        unproven = str(reason)
    except ScenarioError as error:
        broken = str(error)
    finally:
        cleanup_problems = stream_scenario.cleanup()
    if cleanup_problems:
        pytest.fail(
            "could not delete what the triggers created: " + "; ".join(cleanup_problems), pytrace=False
        )
    if broken:
        pytest.fail(f"the replay scenario could not run: {broken}", pytrace=False)
    if unproven:
        pytest.skip(f"unproven: {unproven}")
    raise_all(failures)
