"""Delivery checks on hand-made deliveries, signed for real with the Standard Webhooks scheme."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tenantprobe.core.config import load_config
from tenantprobe.core.state import RunState
from tenantprobe.families.webhooks.judge import Judge
from tenantprobe.families.webhooks.outbound import Fired, OutboundRun, Registered
from tenantprobe.families.webhooks.providers import STANDARD_WEBHOOKS
from tenantprobe.families.webhooks.receiver import Delivery
from tenantprobe.families.webhooks.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {"acme": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "globex": "whsec_c2Vjb25kLXRlbmFudC1zZWNyZXQ="}
TEAM_IDS = {"acme": "1", "globex": "2"}


@pytest.fixture
def state() -> RunState:
    run_state = RunState(load_config(ROOT / "tenants.yaml"), "http://127.0.0.1:9", {}, "")
    run_state.knowledge.tenant_ids.update(TEAM_IDS)
    return run_state


def delivery(
    at: str,
    owner: str,
    *,
    msg_id: str = "msg_1",
    age: int = 0,
    body: bytes | None = None,
    signed: bytes | None = None,
) -> Delivery:
    payload = (
        body
        or json.dumps(
            {"id": "evt_1", "type": "customer.created", "team_id": int(TEAM_IDS[owner])},
            separators=(",", ":"),
        ).encode()
    )
    now = int(time.time())
    headers = STANDARD_WEBHOOKS.sign(SECRETS[at], signed or payload, msg_id=msg_id, timestamp=now - age)
    return Delivery(at, f"/hooks/{at}/x", "POST", headers, payload, float(now), f"http://r/hooks/{at}/x")


def judge(state: RunState, *deliveries: Delivery, fired: bool = True) -> Judge:
    spec = {
        "webhooks": {
            "customer.created": {"post": {"parameters": [{"name": "webhook-signature", "in": "header"}]}}
        }
    }
    settings = load_settings(state.config, spec)
    assert settings is not None
    run = OutboundRun(registrations={t: Registered(t, 1, "u", (s,)) for t, s in SECRETS.items()})
    if fired:
        run.fired = [Fired(t, f"{t}/member", "POST /c", ("customer.created",), 201) for t in SECRETS]
    run.deliveries = list(deliveries)
    return Judge(state, settings, run)


def checks(found: Judge) -> dict[str, list[str]]:
    results = {
        "signature_valid": found.signature_valid(),
        "timestamp_fresh": found.timestamp_fresh(),
        "delivery_ids_unique": found.delivery_ids_unique(),
        "delivered_to_own_tenant": found.delivered_to_own_tenant(),
        "event_delivered": found.event_delivered(),
    }
    return {name: [f.message for f in failures] for name, failures in results.items() if failures}


def test_genuine_deliveries_pass_every_check(state: RunState) -> None:
    assert checks(judge(state, delivery("acme", "acme"), delivery("globex", "globex", msg_id="msg_2"))) == {}


def test_each_broken_delivery_fails_only_its_own_check(state: RunState) -> None:
    compact = delivery("acme", "acme").body
    spaced = json.dumps(json.loads(compact)).encode()
    cases = {
        "timestamp_fresh": delivery("acme", "acme", age=900),
        "signature_valid": delivery("acme", "acme", signed=spaced),
        "delivered_to_own_tenant": delivery("globex", "acme", msg_id="msg_9"),
    }
    for check, broken in cases.items():
        fine = [delivery("acme", "acme", msg_id="msg_a"), delivery("globex", "globex", msg_id="msg_b")]
        found = checks(judge(state, broken, *fine))
        assert list(found) == [check], (check, found)
    resigned = checks(judge(state, delivery("acme", "acme", signed=spaced), delivery("globex", "globex")))
    assert "re-serialized JSON" in resigned["signature_valid"][0]


def test_future_timestamps_reused_ids_and_missing_events_are_reported(state: RunState) -> None:
    other = json.dumps({"id": "evt_2", "type": "customer.created", "team_id": 1}).encode()
    found = checks(judge(state, delivery("acme", "acme", age=-120), delivery("acme", "acme", body=other)))
    assert "120 s ahead" in found["timestamp_fresh"][0]
    assert "`msg_1` again" in found["delivery_ids_unique"][0]
    assert "`globex`'s receiver" in found["event_delivered"][0]
