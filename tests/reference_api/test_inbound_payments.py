"""`POST /api/v1/payments/{team_id}/events`: Stripe-style verification, replay rejection, invoice.paid."""

from __future__ import annotations

import json
import time

import pytest

from reference_api.webhooks.receiver import Receiver
from reference_api.webhooks.signing import stripe_signature_header

pytestmark = pytest.mark.slow


def open_invoice(server, team_slug: str) -> dict:
    team_id = server.ctx.team_ids[team_slug]
    row = server.ctx.db.one(
        "SELECT * FROM invoices WHERE team_id = ? AND status IN ('draft', 'open') ORDER BY rowid LIMIT 1",
        (team_id,),
    )
    assert row is not None, "the seed gives every team an unpaid invoice"
    return row


def status_of(server, invoice_id) -> str:
    return server.ctx.db.scalar("SELECT status FROM invoices WHERE id = ?", (invoice_id,))


def callback(client, server, team_slug: str, body: bytes, header: str | None):
    """The provider's callback, naming the team where the server's style expects it."""
    headers = {"Content-Type": "application/json"}
    if header is not None:
        headers["Stripe-Signature"] = header
    team_id = str(server.ctx.team_ids[team_slug])
    if server.ctx.settings.style.inbound_tenant == "header":
        return client.post("/api/v1/payments/events", content=body, headers={**headers, "X-Team-Id": team_id})
    return client.post(f"/api/v1/payments/{team_id}/events", content=body, headers=headers)


def paid_event(invoice_id, event_id: str | None = None) -> bytes:
    event_id = event_id or f"evt_{time.time_ns()}"
    event = {"id": event_id, "type": "invoice.paid", "data": {"invoice_id": invoice_id}}
    return json.dumps(event).encode()


@pytest.fixture
def anonymous(api_server, client_for):
    with client_for(api_server) as client:
        yield client


def test_a_valid_callback_marks_the_invoice_paid_and_publishes_invoice_paid(
    api_server, anonymous, client_for, demo_env
):
    invoice = open_invoice(api_server, "acme")
    with client_for(api_server, demo_env["ACME_ADMIN_TOKEN"]) as admin, Receiver() as receiver:
        hook = admin.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["invoice.paid"]}).json()
        body = paid_event(invoice["id"])
        header = stripe_signature_header(demo_env["ACME_PAYMENT_SECRET"], body)
        response = callback(anonymous, api_server, "acme", body, header)
        assert response.status_code == 200, response.text
        assert response.json()["changed"] is True
        [delivery] = receiver.wait_for(1)
        admin.delete(f"/api/v1/webhooks/{hook['id']}")
    assert status_of(api_server, invoice["id"]) == "paid"
    event = json.loads(delivery.body)
    assert event["type"] == "invoice.paid" and event["data"]["id"] == invoice["id"]
    assert event["data"]["status"] == "paid" and event["data"]["issued_at"].endswith("-05:00")


def test_a_replayed_event_id_is_rejected(api_server, anonymous, demo_env):
    invoice = open_invoice(api_server, "globex")
    body = paid_event(invoice["id"])
    header = stripe_signature_header(demo_env["GLOBEX_PAYMENT_SECRET"], body)
    assert callback(anonymous, api_server, "globex", body, header).status_code == 200
    replay = callback(anonymous, api_server, "globex", body, header)
    assert replay.status_code == 409 and "already processed" in replay.json()["message"]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing", "Missing Stripe-Signature"),
        ("other_team_secret", "No v1 signature matches"),
        ("tampered", "No v1 signature matches"),
        ("stale", "tolerance"),
        ("garbled", "t=<unix time>"),
    ],
)
def test_forged_tampered_or_stale_callbacks_get_401_and_change_nothing(
    api_server, anonymous, demo_env, case, message
):
    invoice = open_invoice(api_server, "initech")
    body = paid_event(invoice["id"])
    secret = demo_env["INITECH_PAYMENT_SECRET"]
    header = {
        "missing": None,
        "other_team_secret": stripe_signature_header(demo_env["ACME_PAYMENT_SECRET"], body),
        "tampered": stripe_signature_header(secret, body.replace(b"invoice.paid", b"invoice.void")),
        "stale": stripe_signature_header(secret, body, int(time.time()) - 400),
        "garbled": "sha256=abc",
    }[case]
    response = callback(anonymous, api_server, "initech", body, header)
    assert response.status_code == 401 and message in response.json()["message"]
    assert status_of(api_server, invoice["id"]) == invoice["status"]


def test_a_team_cannot_pay_another_teams_invoice(api_server, anonymous, demo_env):
    acme_invoice = open_invoice(api_server, "acme")
    body = paid_event(acme_invoice["id"])
    header = stripe_signature_header(demo_env["GLOBEX_PAYMENT_SECRET"], body)
    response = callback(anonymous, api_server, "globex", body, header)
    assert response.status_code == 404
    assert status_of(api_server, acme_invoice["id"]) == acme_invoice["status"]


def test_a_signed_body_that_is_not_an_event_gets_422(api_server, anonymous, demo_env):
    body = json.dumps({"type": "invoice.paid", "data": {}}).encode()
    header = stripe_signature_header(demo_env["ACME_PAYMENT_SECRET"], body)
    response = callback(anonymous, api_server, "acme", body, header)
    assert response.status_code == 422 and {"id", "data.invoice_id"} <= set(response.json()["errors"])


def test_an_unknown_team_is_404(api_server, anonymous):
    headers = {"Stripe-Signature": "t=1"}
    response = anonymous.post("/api/v1/payments/99999/events", content=b"{}", headers=headers)
    assert response.status_code == 404


def test_inbound_signature_unverified_accepts_a_forgery(start_styled_api, client_for):
    with (
        start_styled_api(defects={"inbound_signature_unverified"}) as server,
        client_for(server) as anonymous,
    ):
        invoice = open_invoice(server, "acme")
        response = callback(anonymous, server, "acme", paid_event(invoice["id"]), "t=1,v1=forged")
        assert response.status_code == 200
        assert status_of(server, invoice["id"]) == "paid"


def test_inbound_replay_accepted_processes_the_same_event_twice(start_styled_api, client_for, demo_env):
    with start_styled_api(defects={"inbound_replay_accepted"}) as server, client_for(server) as anonymous:
        invoice = open_invoice(server, "acme")
        body = paid_event(invoice["id"], "evt_replayed")
        header = stripe_signature_header(demo_env["ACME_PAYMENT_SECRET"], body)
        statuses = [callback(anonymous, server, "acme", body, header).status_code for _ in range(2)]
    assert statuses == [200, 200]
