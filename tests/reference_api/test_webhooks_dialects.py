"""Each signature dialect, end to end: a real server delivers to a real loopback receiver, and code
written independently of the signer (the standardwebhooks library, plain hmac) verifies the bytes."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from standardwebhooks import Webhook

from reference_api.events import DomainEvent
from reference_api.webhooks.receiver import Receiver

pytestmark = pytest.mark.slow


def publish(server, team_slug: str, name: str = "customer.created") -> dict:
    """A resource event as the core publishes it, straight onto the app's bus."""
    team_id = server.ctx.team_ids[team_slug]
    row = server.ctx.db.one("SELECT * FROM customers WHERE team_id = ? ORDER BY rowid LIMIT 1", (team_id,))
    server.ctx.bus.publish(DomainEvent(team_id, name, row))
    return row


def register(client, url: str, events=("*",)) -> dict:
    response = client.post("/api/v1/webhooks", json={"url": url, "events": list(events)})
    assert response.status_code == 201, response.text
    return response.json()


def hex_hmac(key: str, message: bytes) -> str:
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def check_standard_webhooks(secret: str, request) -> None:
    payload = Webhook(secret).verify(request.body, request.headers)
    assert payload["type"] == "customer.created"


def check_stripe(secret: str, request) -> None:
    fields = dict(item.split("=", 1) for item in request.headers["Stripe-Signature"].split(","))
    assert abs(time.time() - int(fields["t"])) < 60
    assert fields["v1"] == hex_hmac(secret, fields["t"].encode() + b"." + request.body)


def check_github(secret: str, request) -> None:
    assert request.headers["X-Hub-Signature-256"] == "sha256=" + hex_hmac(secret, request.body)
    assert request.headers["X-GitHub-Event"] == "customer.created"
    assert request.headers["X-GitHub-Delivery"]


def check_spatie(secret: str, request) -> None:
    assert request.headers["Signature"] == hex_hmac(secret, request.body)


CHECKS = {
    "standard-webhooks": check_standard_webhooks,
    "stripe": check_stripe,
    "github": check_github,
    "spatie": check_spatie,
}


# uuid ids on half of the dialects: the delivery log and endpoints work in both id styles
@pytest.mark.parametrize(("dialect", "ids"), zip(CHECKS, ["int", "uuid", "int", "uuid"], strict=True))
def test_each_dialect_signs_the_exact_bytes_it_sends(dialect, ids, start_api, client_for, demo_env):
    with start_api(signature=dialect, ids=ids) as server, Receiver() as receiver:
        admin = client_for(server, demo_env["ACME_ADMIN_TOKEN"])
        with admin:
            hook = register(admin, receiver.url)
        row = publish(server, "acme")
        [request] = receiver.wait_for(1)
        CHECKS[dialect](hook["secret"], request)
        payload = json.loads(request.body)
        assert payload["type"] == "customer.created" and payload["id"].startswith("evt_")
        assert payload["team_id"] == server.ctx.team_ids["acme"]
        assert payload["data"]["id"] == row["id"] and payload["created_at"]
        with client_for(server, demo_env["ACME_ADMIN_TOKEN"]) as admin:
            log = wait_for_log(admin, hook, 1)
        assert log[0]["ok"] and log[0]["delivery_id"] and log[0]["webhook_id"] == hook["id"]


def test_only_the_events_team_endpoints_with_a_matching_filter_receive_it(api_server, client_for, demo_env):
    acme = client_for(api_server, demo_env["ACME_ADMIN_TOKEN"])
    globex = client_for(api_server, demo_env["GLOBEX_ADMIN_TOKEN"])
    with acme, globex, Receiver() as wanted, Receiver() as filtered, Receiver() as other_team:
        hooks = [
            (acme, register(acme, wanted.url, ["customer.created"])),
            (acme, register(acme, filtered.url, ["invoice.paid"])),
            (globex, register(globex, other_team.url)),
        ]
        publish(api_server, "acme")
        wanted.wait_for(1)
        time.sleep(0.3)
        assert filtered.requests == [] and other_team.requests == []
        for client, hook in hooks:
            assert client.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 204


def test_failed_deliveries_are_retried_and_every_attempt_is_in_the_log(api_server, client_for, demo_env):
    admin = client_for(api_server, demo_env["ACME_ADMIN_TOKEN"])
    with admin, Receiver(statuses=[500, 200]) as receiver:
        hook = register(admin, receiver.url)
        publish(api_server, "acme")
        first, second = receiver.wait_for(2)
        assert first.body == second.body
        check_retry_log(admin, hook)


def wait_for_log(admin, hook, count: int) -> list[dict]:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        log = admin.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()
        if log["meta"]["total"] >= count:
            return log["data"]
        time.sleep(0.05)
    raise AssertionError(f"the delivery log did not reach {count} attempts within 5 s")


def check_retry_log(admin, hook) -> None:
    attempts = sorted(wait_for_log(admin, hook, 2), key=lambda entry: entry["attempt"])
    assert [(a["attempt"], a["status_code"], a["ok"]) for a in attempts] == [(1, 500, False), (2, 200, True)]
    assert attempts[0]["error"] == "receiver answered HTTP 500" and attempts[1]["final"]
    assert all(a["team_id"] == hook["team_id"] and a["webhook_id"] == hook["id"] for a in attempts)
    assert admin.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 204


def test_a_customer_created_through_the_api_arrives_as_the_api_rendered_it(api_server, client_for, demo_env):
    admin = client_for(api_server, demo_env["INITECH_ADMIN_TOKEN"])
    with admin, Receiver() as receiver:
        hook = register(admin, receiver.url, ["customer.created"])
        response = admin.post("/api/v1/customers", json={"name": "Hook Canary", "email": "hook@example.test"})
        assert response.status_code == 201, response.text
        [request] = receiver.wait_for(1)
        admin.delete(f"/api/v1/webhooks/{hook['id']}")
    event = json.loads(request.body)
    assert event["data"] == response.json() and event["team_id"] == hook["team_id"]
    Webhook(hook["secret"]).verify(request.body, request.headers)
