"""Broadcast streams: each subscriber sees its own tenant's events and nothing of another tenant's;
the WebSocket server refuses subscriptions whose signature it did not issue for that socket.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tenantprobe import (
    EventsSettings,
    Knowledge,
    Principal,
    ProbeFailure,
    PusherError,
    RunState,
    ScenarioError,
    StreamScenario,
    TargetClient,
    combine_by_subject,
    forged_subscription_failures,
    judge_streams,
    raise_all,
    record_subjects,
)

Clients = Callable[[Principal], TargetClient]


@pytest.fixture
def stream_scenario(
    tp_state: RunState, tp_events: EventsSettings, tenant_ids: dict[str, str], client_for: Clients
) -> Iterator[StreamScenario]:
    scenario = StreamScenario(tp_state, tp_events, client_for)
    try:
        yield scenario
    finally:
        scenario.close()


def _writes_allowed(state: RunState, settings: EventsSettings) -> bool:
    """Outside production always; in production only when every trigger and cleanup is allowed there."""
    target = state.config.target
    if target.mode != "production":
        return True
    allowed = set(target.allow_in_production)
    operations = [t.operation for t in settings.triggers]
    operations += [" ".join(t.cleanup) for t in settings.triggers if t.cleanup is not None]
    return all(operation in allowed for operation in operations)


def test_each_subscriber_receives_only_its_own_tenants_events(
    tp_state: RunState,
    tp_events: EventsSettings,
    tp_knowledge: Knowledge,
    stream_scenario: StreamScenario,
    request: pytest.FixtureRequest,
) -> None:
    if not tp_events.triggers:
        pytest.skip(
            "events.triggers is empty: nothing makes the target broadcast, so streams cannot be judged"
        )
    if not _writes_allowed(tp_state, tp_events):
        pytest.skip(
            "target.mode is production and the events.triggers (or their cleanups) are not all in "
            "target.allow_in_production"
        )
    principals = tp_state.config.principals()
    record_subjects(request.node, f"SUBSCRIBE {tp_events.private_channel}", [p.id for p in principals])
    cleanup_problems: list[str] = []
    try:
        stream_scenario.subscribe_all(principals)
        stream_scenario.cause_events()
        stream_scenario.collect()
    except (ScenarioError, PusherError) as error:
        pytest.fail(f"the stream scenario could not run: {error}", pytrace=False)
    finally:
        cleanup_problems = stream_scenario.cleanup()
    raise_all(judge_streams(stream_scenario))
    if cleanup_problems:
        pytest.fail(
            "could not delete what the triggers created: " + "; ".join(cleanup_problems), pytrace=False
        )


def test_forged_subscriptions_to_other_tenants_channels_are_refused(
    tp_state: RunState,
    tp_events: EventsSettings,
    tenant_ids: dict[str, str],
    pusher_url: str,
    client_for: Clients,
    request: pytest.FixtureRequest,
) -> None:
    tenants = [tenant for tenant in tp_state.config.tenants.values() if tenant.principals]
    if len(tenants) < 2:
        pytest.skip(
            "fewer than two tenants with principals: no other tenant's channel to forge a subscription to"
        )
    record_subjects(
        request.node, f"SUBSCRIBE {tp_events.private_channel}", [t.principals[0].id for t in tenants]
    )
    failures: list[ProbeFailure] = []
    for index, tenant in enumerate(tenants):
        victim_tenant = tenants[(index + 1) % len(tenants)]
        attacker, victim = tenant.principals[0], victim_tenant.principals[0]
        channel = tp_events.channel(
            tp_events.private_channel, victim_tenant.name, tenant_ids[victim_tenant.name]
        )
        try:
            failures += forged_subscription_failures(
                tp_events, pusher_url, attacker, victim, channel, client_for(victim)
            )
        except PusherError as error:
            pytest.fail(f"cannot reach the Pusher WebSocket at events.websocket_url: {error}", pytrace=False)
    raise_all(combine_by_subject(failures))
