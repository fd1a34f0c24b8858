"""Live event streams: each subscriber sees its own tenant's events and nothing of another tenant's
(over Pusher channels or a Server-Sent Events stream); the WebSocket server refuses subscriptions
whose signature it did not issue for that socket (Pusher).
"""

from __future__ import annotations

from collections.abc import Callable

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
    subscribe_streams,
    triggers_blocked,
)

Clients = Callable[[Principal], TargetClient]


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
    if blocked := triggers_blocked(tp_state, tp_events):
        pytest.skip(blocked)
    principals = tp_state.config.principals()
    cleanup_problems: list[str] = []
    try:
        subscribe_streams(stream_scenario, principals)
        record_subjects(request.node, stream_scenario.operation, [p.id for p in principals])
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
    pusher_events: EventsSettings,
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
        request.node, f"SUBSCRIBE {pusher_events.private_channel}", [t.principals[0].id for t in tenants]
    )
    failures: list[ProbeFailure] = []
    for index, tenant in enumerate(tenants):
        victim_tenant = tenants[(index + 1) % len(tenants)]
        attacker, victim = tenant.principals[0], victim_tenant.principals[0]
        channel = pusher_events.channel(
            pusher_events.private_channel, victim_tenant.name, tenant_ids[victim_tenant.name]
        )
        try:
            failures += forged_subscription_failures(
                pusher_events, pusher_url, attacker, victim, channel, client_for(victim)
            )
        except PusherError as error:
            pytest.fail(f"cannot reach the Pusher WebSocket at events.websocket_url: {error}", pytrace=False)
    raise_all(combine_by_subject(failures))
