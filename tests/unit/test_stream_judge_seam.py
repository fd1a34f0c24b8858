"""The stream judge on received frames: own events delivered, no other tenant's, payloads as specified."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tenantprobe import Principal, ProbeFailure, RunState, TargetClient
from tenantprobe.families.events.connection import Frame
from tenantprobe.families.events.settings import Trigger
from tenantprobe.families.events.stream import StreamScenario, Subscriber, TriggerRun
from tenantprobe.families.events.stream_judge import judge_streams
from tests.unit.mock_events import EVENT, STREAM_PATH, STREAM_SPEC, events_settings
from tests.unit.mock_target import TENANT_IDS, seam_state

_NAME = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
_ENVELOPE = {"type": "object", "properties": {"data": _NAME}}
# The spec's webhooks section describes the broadcast event: its `data` field is what is sent.
WEBHOOK_SPEC: dict[str, Any] = {
    **STREAM_SPEC,
    "webhooks": {
        EVENT: {"post": {"requestBody": {"content": {"application/json": {"schema": _ENVELOPE}}}}},
    },
}
ITEM_SCHEMA = (
    f"/paths/{STREAM_PATH.replace('/', '~1')}/get/responses/200/content/text~1event-stream/itemSchema"
)
TRIGGER = Trigger("POST", "/projects", "admin", {"name": "{canary}"}, (EVENT,), None)


@dataclass
class Received:
    """A feed whose frames are in already: the judge reads only these."""

    frames: list[Frame] = field(default_factory=list)

    def drain(self, timeout_s: float, limit: int) -> list[Frame]:
        return []

    def close(self) -> None:
        pass


def no_requests(principal: Principal) -> TargetClient:
    raise AssertionError(f"the judge sent a request as `{principal.id}`")


def channel_of(tenant: str) -> str:
    return f"private-team.{TENANT_IDS[tenant]}"


def frame(tenant: str, data: Any, channel: str | None = None, event: str = EVENT) -> Frame:
    """What a subscriber of ``tenant``'s channel receives (on ``channel`` when another is given)."""
    return Frame(event, channel or channel_of(tenant), data, str(data))


def scenario(state: RunState, received: dict[str, list[Frame]], **settings: Any) -> StreamScenario:
    """Both tenants' triggers ran; each tenant's viewer got ``received[tenant]``."""
    found = StreamScenario(state, events_settings(**settings), client_for=no_requests)
    found.runs = [TriggerRun(tenant, TRIGGER, None, None) for tenant in TENANT_IDS]
    for tenant, frames in received.items():
        principal = state.config.principal(f"{tenant}/viewer")
        found.subscribers.append(Subscriber(principal, channel_of(tenant), Received(frames), live=True))
    return found


def own_events() -> dict[str, list[Frame]]:
    return {
        tenant: [frame(tenant, {"name": f"tp-{tenant}-c0ffee", "team_id": TENANT_IDS[tenant]})]
        for tenant in TENANT_IDS
    }


def checks(failures: list[ProbeFailure]) -> list[str]:
    return sorted(f"{failure.family}/{failure.check}" for failure in failures)


@pytest.fixture()
def state(tmp_path: Path) -> RunState:
    return seam_state(tmp_path, spec=WEBHOOK_SPEC)


def test_each_subscriber_receiving_only_its_own_events_passes(state: RunState) -> None:
    assert judge_streams(scenario(state, own_events())) == []


def test_another_tenants_canary_on_a_channel_breaks_isolation(state: RunState) -> None:
    received = own_events()
    received["red"].append(frame("red", {"name": "tp-blue-c0ffee"}))
    failures = judge_streams(scenario(state, received))
    assert checks(failures) == ["events/stream_isolated", "scoping/tenant_isolation"]
    assert "carrying `blue`'s canary `tp-blue-c0ffee` as `red/viewer`" in failures[0].message


def test_another_tenants_id_in_the_tenant_field_breaks_isolation(state: RunState) -> None:
    received = own_events()
    received["blue"].append(frame("blue", {"name": "renamed", "team_id": TENANT_IDS["red"]}))
    failures = judge_streams(scenario(state, received))
    assert checks(failures) == ["events/stream_isolated", "scoping/tenant_isolation"]
    assert "`red`'s tenant id in `team_id`" in failures[0].message


def test_a_frame_of_a_channel_never_subscribed_to_breaks_isolation(state: RunState) -> None:
    received = own_events()
    received["red"].append(frame("red", {"name": "quiet"}, channel="private-team.99"))
    failures = judge_streams(scenario(state, received))
    assert checks(failures) == ["events/stream_isolated"]
    assert "the channel `private-team.99`, which it never subscribed to" in failures[0].message


def test_a_tenant_whose_own_event_never_came_is_reported(state: RunState) -> None:
    received = own_events()
    received["blue"] = [frame("blue", {"name": "x"}, event="project.renamed")]
    failures = judge_streams(scenario(state, received))
    assert checks(failures) == ["events/stream_delivers_own_events"]
    assert failures[0].principal == "blue/viewer" and f"Expected `{EVENT}`" in failures[0].message


def test_a_subscriber_whose_subscription_was_refused_is_not_judged(state: RunState) -> None:
    judged = scenario(state, {"red": []})
    judged.subscribers[0].live = False
    assert judge_streams(judged) == []


def test_a_payload_off_the_webhook_schema_is_reported(state: RunState) -> None:
    received = own_events()
    received["red"] = [frame("red", {"title": "tp-red-c0ffee"})]
    failures = judge_streams(scenario(state, received))
    assert checks(failures) == ["events/event_payload_matches_schema"]
    assert "'name' is a required property" in failures[0].message


def test_a_payload_off_the_streams_item_schema_is_reported(state: RunState) -> None:
    judged = scenario(state, own_events())
    judged.item_schema = ITEM_SCHEMA
    assert judge_streams(judged) == []
    judged.subscribers[0].feed.frames[0] = frame("red", ["not", "an", "object"])
    assert checks(judge_streams(judged)) == ["events/event_payload_matches_schema"]


def test_a_payload_the_spec_does_not_describe_is_not_judged(tmp_path: Path) -> None:
    received = own_events()
    received["red"] = [frame("red", {"title": "x"}), frame("red", "not json", event="project.archived")]
    # No webhooks section and no item schema: nothing to judge the payloads by.
    assert judge_streams(scenario(seam_state(tmp_path, spec=STREAM_SPEC), received)) == []
