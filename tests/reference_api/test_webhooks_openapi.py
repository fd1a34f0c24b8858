"""The spec documents webhooks, the payment callback and broadcast auth exactly, in every dialect."""

from __future__ import annotations

import httpx
import pytest
from openapi_spec_validator import validate

from reference_api.events import EVENT_NAMES

pytestmark = pytest.mark.slow

SIGNATURE_HEADERS = {
    "standard-webhooks": {"webhook-id", "webhook-timestamp", "webhook-signature"},
    "stripe": {"Stripe-Signature"},
    "github": {"X-Hub-Signature-256", "X-GitHub-Delivery", "X-GitHub-Event"},
    "spatie": {"Signature"},
}


def spec_of(server, client_for) -> dict:
    with client_for(server) as client:
        response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def spec(api_server):
    document = httpx.get(f"{api_server.url}/api/v1/openapi.json", timeout=10).json()
    validate(document)
    return document


def test_every_webhook_operation_needs_webhooks_manage_and_lists_its_errors(spec):
    expected = {
        ("/api/v1/webhooks", "get"): {"200", "401", "403", "422", "429"},
        ("/api/v1/webhooks", "post"): {"201", "401", "403", "422", "429"},
        ("/api/v1/webhooks/{webhook_id}", "get"): {"200", "401", "403", "404", "429"},
        ("/api/v1/webhooks/{webhook_id}", "delete"): {"204", "401", "403", "404", "429"},
        ("/api/v1/webhooks/{webhook_id}/deliveries", "get"): {"200", "401", "403", "404", "422", "429"},
    }
    for (path, method), statuses in expected.items():
        operation = spec["paths"][path][method]
        assert set(operation["responses"]) == statuses, (path, method)
        assert operation["x-permission"] == "webhooks.manage"


def test_webhook_creation_links_to_read_delete_and_the_delivery_log(spec):
    links = spec["paths"]["/api/v1/webhooks"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} == {
        "showWebhook", "deleteWebhook", "listWebhookDeliveries",
    }


def test_payment_callback_is_tokenless_and_declares_signature_and_replay_answers(spec):
    operation = spec["paths"]["/api/v1/payments/{team_id}/events"]["post"]
    assert operation["security"] == []
    assert set(operation["responses"]) == {"200", "401", "404", "409", "422"}
    assert "X-RateLimit-Limit" not in operation["responses"]["200"]["headers"]
    header = next(p for p in operation["parameters"] if p["in"] == "header")
    assert header["name"] == "Stripe-Signature" and header["required"]


def test_the_webhooks_section_has_one_entry_per_event_with_its_payload_schema(spec):
    assert set(spec["webhooks"]) == set(EVENT_NAMES)
    for name, item in spec["webhooks"].items():
        schema_ref = item["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        payload = spec["components"]["schemas"][schema_ref.rsplit("/", 1)[1]]
        assert payload["properties"]["type"] == {"const": name}
        assert set(payload["required"]) == {"id", "type", "team_id", "created_at", "data"}


def test_broadcast_auth_is_documented_for_form_and_json(spec):
    operation = spec["paths"]["/broadcasting/auth"]["post"]
    media_types = set(operation["requestBody"]["content"])
    assert media_types == {"application/x-www-form-urlencoded", "application/json"}
    assert set(operation["responses"]) == {"200", "401", "403", "422"}


@pytest.mark.parametrize("dialect", list(SIGNATURE_HEADERS))
def test_the_signature_headers_follow_the_dialect(start_api, client_for, dialect):
    with start_api(signature=dialect, ids="uuid") as server:
        document = spec_of(server, client_for)
    validate(document)
    headers = {p["name"] for p in document["webhooks"]["invoice.paid"]["post"]["parameters"]}
    assert headers == SIGNATURE_HEADERS[dialect]
    assert document["x-webhook-signature"]["scheme"] == dialect
    webhook_id = document["components"]["schemas"]["Webhook"]["properties"]["id"]
    assert webhook_id == {"type": "string", "format": "uuid"}
