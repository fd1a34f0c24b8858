"""The Server-Sent Events probes through the transport seam: each tenant's stream (``GET /events``, another
tenant's named by the selector header) from a made-up target; each probe passes on a sound target and
fails on its weakness, or says it is unproven when its precondition is not shown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tenantprobe import Principal, ProbeFailure, RunState, TargetClient
from tenantprobe.families.events.settings import EventsSettings, Trigger
from tenantprobe.families.events.sse_feed import subscribe_sse
from tenantprobe.families.events.sse_probes import (
    StreamUnproven,
    anonymous_stream_failures,
    foreign_stream_failures,
    replay_failures,
)
from tenantprobe.families.events.stream import StreamScenario, TriggerRun
from tenantprobe.families.events.stream_judge import judge_streams
from tests.unit.mock_events import EVENT, STREAM_SPEC, MockBroadcaster, events_settings
from tests.unit.mock_target import TENANT_IDS, seam_state

SETTINGS: EventsSettings = events_settings(transport="sse", wait_s=0.3)
TRIGGER = Trigger("POST", "/projects", "admin", {"name": "{canary}"}, (EVENT,), None)


@pytest.fixture()
def state(tmp_path: Path) -> RunState:
    return seam_state(tmp_path, spec=STREAM_SPEC)


def broadcaster(*defects: str) -> MockBroadcaster:
    """A target whose backlog holds one event of each tenant, carrying the tenant's canary."""
    target = MockBroadcaster(set(defects))
    for tenant in TENANT_IDS:
        target.broadcast(tenant, {"name": f"tp-{tenant}-c0ffee"})
    return target


def checks(failures: list[ProbeFailure]) -> list[str]:
    return sorted(f"{failure.family}/{failure.check}" for failure in failures)


@pytest.fixture()
def scenarios(state: RunState) -> Iterator[list[StreamScenario]]:
    """Scenarios the test builds, closed after it (their streams' threads end)."""
    made: list[StreamScenario] = []
    yield made
    for scenario in made:
        scenario.close()


def scenario_on(state: RunState, target: MockBroadcaster, made: list[StreamScenario]) -> StreamScenario:
    """Both tenants' triggers ran (the target's backlog holds what they broadcast)."""

    def client_for(principal: Principal) -> TargetClient:
        return TargetClient(state.config, state.routes, principal, transport=target.transport(), paced=False)

    scenario = StreamScenario(state, SETTINGS, client_for, stream_transport=target.transport())
    scenario.runs = [TriggerRun(tenant, TRIGGER, None, None) for tenant in TENANT_IDS]
    made.append(scenario)
    return scenario


def test_every_principals_own_stream_opens_and_carries_only_its_tenant(
    state: RunState, scenarios: list[StreamScenario]
) -> None:
    scenario = scenario_on(state, broadcaster(), scenarios)
    subscribe_sse(scenario, state.config.principals(), last_event_id="0")
    scenario.collect()
    assert [subscriber.live for subscriber in scenario.subscribers] == [True] * 4
    assert judge_streams(scenario) == []


def test_an_own_stream_answered_with_a_refusal_fails(
    state: RunState, scenarios: list[StreamScenario]
) -> None:
    scenario = scenario_on(state, broadcaster("own_stream_refused"), scenarios)
    subscribe_sse(scenario, state.config.principals())
    assert [subscriber.live for subscriber in scenario.subscribers] == [False] * 4
    assert checks(scenario.failures) == ["events/stream_opens_for_own_tenant"] * 4
    assert "Expected an event stream, got `403 Forbidden` `application/json`" in scenario.failures[0].message


def test_another_tenants_stream_is_refused_like_a_made_up_one(state: RunState) -> None:
    attacker = state.config.principal("red/viewer")
    assert foreign_stream_failures(state, SETTINGS, attacker, "blue", broadcaster().transport()) == []


def test_another_tenants_stream_that_opens_fails(state: RunState) -> None:
    attacker, target = state.config.principal("red/viewer"), broadcaster("stream_foreign_open")
    failures = foreign_stream_failures(state, SETTINGS, attacker, "blue", target.transport())
    assert checks(failures) == ["events/stream_foreign_refused"]
    message = failures[0].message
    assert message.startswith("Expected a refusal like a tenant that does not exist gets (`404 Not Found`")
    assert "got `200 OK` `text/event-stream` for `GET /events` as `red/viewer` with header `X-Team`" in (
        message
    )


def test_another_tenants_stream_refused_otherwise_than_a_made_up_one_fails(state: RunState) -> None:
    attacker, target = state.config.principal("red/viewer"), broadcaster("stream_foreign_forbidden")
    failures = foreign_stream_failures(state, SETTINGS, attacker, "blue", target.transport())
    assert checks(failures) == ["events/stream_foreign_refused"]
    assert "`403 Forbidden`" in failures[0].message and "tells that `blue` exists" in failures[0].message


def test_a_foreign_stream_probe_whose_own_stream_is_refused_is_unproven(state: RunState) -> None:
    attacker, target = state.config.principal("red/viewer"), broadcaster("own_stream_refused")
    with pytest.raises(StreamUnproven, match="`red/viewer`'s own stream did not open"):
        foreign_stream_failures(state, SETTINGS, attacker, "blue", target.transport())


def test_a_stream_without_credentials_is_refused(state: RunState) -> None:
    assert anonymous_stream_failures(state, SETTINGS, "red", broadcaster().transport()) == []


def test_a_stream_that_opens_without_credentials_fails(state: RunState) -> None:
    target = broadcaster("stream_open_to_anonymous")
    failures = anonymous_stream_failures(state, SETTINGS, "red", target.transport())
    assert checks(failures) == ["events/stream_requires_credentials"]
    assert "Expected 4xx, got `200 OK` `text/event-stream`" in failures[0].message


def test_a_replay_from_the_start_carries_only_the_own_backlog(
    state: RunState, scenarios: list[StreamScenario]
) -> None:
    scenario = scenario_on(state, broadcaster(), scenarios)
    assert replay_failures(scenario, state.config.principals()) == []


def test_a_replay_carrying_another_tenants_backlog_fails(
    state: RunState, scenarios: list[StreamScenario]
) -> None:
    scenario = scenario_on(state, broadcaster("backlog_unscoped"), scenarios)
    failures = replay_failures(scenario, state.config.principals())
    assert checks(failures) == ["events/stream_backlog_isolated"] * 4 + ["scoping/tenant_isolation"] * 4
    assert "`blue`'s canary `tp-blue-c0ffee` as `red/viewer`" in failures[0].message


def test_a_replay_that_carries_nothing_is_unproven(state: RunState, scenarios: list[StreamScenario]) -> None:
    scenario = scenario_on(state, MockBroadcaster(), scenarios)  # an empty backlog: nothing to replay
    with pytest.raises(StreamUnproven, match="no replay with `Last-Event-ID: 0` carried"):
        replay_failures(scenario, state.config.principals())
