"""The Pusher probes through the seams: channel auth behind ``httpx.MockTransport``, the WebSocket server a
small Pusher protocol server on a loopback port; each passes on a sound target, fails on its weakness."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantprobe import Principal, ProbeFailure, RunState, TargetClient
from tenantprobe.families.events.forged import forged_subscription_failures
from tenantprobe.families.events.settings import EventsSettings
from tenantprobe.families.events.stream import StreamScenario
from tests.unit.mock_events import MockBroadcaster, events_settings, pusher_server
from tests.unit.mock_target import seam_state


@pytest.fixture()
def state(tmp_path: Path) -> RunState:
    return seam_state(tmp_path)


def target_of(*defects: str) -> MockBroadcaster:
    return MockBroadcaster(set(defects))


def client_of(state: RunState, target: MockBroadcaster, principal: Principal) -> TargetClient:
    return TargetClient(state.config, state.routes, principal, transport=target.transport(), paced=False)


def forge(state: RunState, target: MockBroadcaster) -> list[ProbeFailure]:
    """red's viewer subscribes to blue's private channel with both forgeries."""
    attacker, victim = state.config.principal("red/viewer"), state.config.principal("blue/viewer")
    with pusher_server(target) as url:
        settings = events_settings(url)
        socket_url = settings.socket_url(state.routes.origin)
        victim_client = client_of(state, target, victim)
        return forged_subscription_failures(
            settings, socket_url, attacker, victim, "private-team.2", victim_client
        )


def test_forged_subscriptions_refused_by_a_server_that_checks_signatures(state: RunState) -> None:
    assert forge(state, target_of()) == []


def test_a_server_accepting_any_signature_takes_both_forgeries(state: RunState) -> None:
    failures = forge(state, target_of("subscribe_unverified"))
    assert [failure.check for failure in failures] == ["forged_subscription_refused"]
    assert "without the app secret" in failures[0].message
    assert "was issued for socket" in failures[0].message
    assert failures[0].principal == "red/viewer"


def test_a_server_not_binding_the_signature_to_the_socket_takes_a_borrowed_auth(state: RunState) -> None:
    failures = forge(state, target_of("auth_not_bound_to_socket"))
    assert [failure.check for failure in failures] == ["forged_subscription_refused"]
    assert "without the app secret" not in failures[0].message
    assert "`blue/viewer` was issued for socket" in failures[0].message


def subscribe_everyone(state: RunState, target: MockBroadcaster) -> tuple[StreamScenario, list[bool]]:
    with pusher_server(target) as url:
        settings: EventsSettings = events_settings(url)
        scenario = StreamScenario(state, settings, lambda principal: client_of(state, target, principal))
        try:
            scenario.subscribe_all(state.config.principals())
        finally:
            scenario.close()
    return scenario, [subscriber.live for subscriber in scenario.subscribers]


def test_every_principal_subscribes_to_its_own_channel_on_a_sound_server(state: RunState) -> None:
    scenario, live = subscribe_everyone(state, target_of())
    assert scenario.failures == [] and live == [True] * 4


def test_a_server_refusing_an_auth_its_endpoint_issued_fails_the_subscription(state: RunState) -> None:
    scenario, live = subscribe_everyone(state, target_of("subscriptions_refused"))
    assert live == [False] * 4
    assert [failure.check for failure in scenario.failures] == ["channel_subscription_accepted"] * 4
    assert (
        "got {" in scenario.failures[0].message
        and "pusher:subscription_error" in scenario.failures[0].message
    )
