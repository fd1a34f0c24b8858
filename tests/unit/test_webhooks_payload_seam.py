"""payload_matches_spec on received deliveries: each payload is judged by the schema the spec declares."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from tenantprobe.core.config import load_config
from tenantprobe.core.state import RunState
from tenantprobe.families.webhooks.payloads import PayloadSchemas
from tenantprobe.families.webhooks.receiver import Delivery
from tests.unit.test_webhooks_judge import TEAM_IDS, delivery, judge

ROOT = Path(__file__).resolve().parents[2]
CUSTOMER_EVENT = {
    "type": "object",
    "required": ["id", "type", "team_id"],
    "properties": {
        "id": {"type": "string"},
        "type": {"const": "customer.created"},
        "team_id": {"type": "integer"},
    },
}
JSON_BODY = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/CustomerEvent"}}}}
COMPONENTS = {"schemas": {"CustomerEvent": CUSTOMER_EVENT}}
DECLARED = PayloadSchemas(
    {"webhooks": {"customer.created": {"post": {"requestBody": JSON_BODY}}}, "components": COMPONENTS}
)


@pytest.fixture
def run_state() -> RunState:
    state = RunState(load_config(ROOT / "tenants.yaml"), "http://127.0.0.1:9", {}, "")
    state.knowledge.tenant_ids.update(TEAM_IDS)
    return state


def sent(at: str, payload: dict[str, Any], msg_id: str = "msg_p") -> Delivery:
    """A delivery to ``at``'s receiver carrying ``payload``, signed with ``at``'s secret."""
    return delivery(at, at, msg_id=msg_id, body=json.dumps(payload, separators=(",", ":")).encode())


def test_payloads_that_match_the_declared_schema_pass(run_state: RunState) -> None:
    found = judge(run_state, delivery("acme", "acme"), delivery("globex", "globex", msg_id="msg_2"))
    assert found.payload_matches_spec(DECLARED) == []


def test_a_payload_that_drifts_from_the_declared_schema_fails(run_state: RunState) -> None:
    drifted = sent("acme", {"id": "evt_7", "type": "customer.created", "team_id": "1"})
    failures = judge(run_state, drifted, delivery("globex", "globex")).payload_matches_spec(DECLARED)
    assert [(f.check, f.family) for f in failures] == [("payload_matches_spec", "webhooks")]
    assert failures[0].message == (
        "Expected the spec's schema, got: '1' is not of type 'integer' at `/team_id` "
        "for the `customer.created` delivery to `acme`'s receiver"
    )
    assert failures[0].operation == "POST /c -> customer.created"
    assert failures[0].exchange is not None and failures[0].exchange.request_body == drifted.body


def test_a_payload_missing_a_required_field_fails(run_state: RunState) -> None:
    missing = sent("globex", {"type": "customer.created", "team_id": 2})
    failures = judge(run_state, missing).payload_matches_spec(DECLARED)
    assert len(failures) == 1 and "'id' is a required property" in failures[0].message


def test_the_registering_operations_one_callback_judges_every_event(run_state: RunState) -> None:
    callback = {"{$request.body#/url}": {"post": {"requestBody": JSON_BODY}}}
    spec = {"paths": {"/hooks": {"post": {"callbacks": {"event": callback}}}}, "components": COMPONENTS}
    schemas = PayloadSchemas(spec, "POST /hooks")
    assert judge(run_state, delivery("acme", "acme")).payload_matches_spec(schemas) == []
    drifted = sent("acme", {"id": 7, "type": "customer.created", "team_id": 1})
    failures = judge(run_state, drifted).payload_matches_spec(schemas)
    assert len(failures) == 1 and "at `/id`" in failures[0].message


def test_deliveries_outside_the_run_and_undeclared_events_are_not_judged(run_state: RunState) -> None:
    drifted = {"id": 7, "type": "customer.created", "team_id": "1"}
    stray = replace(sent("acme", drifted), tenant="")  # at an unknown path: not ours to judge
    undeclared = sent("globex", {**drifted, "type": "invoice.paid"})
    assert judge(run_state, stray, undeclared).payload_matches_spec(DECLARED) == []
