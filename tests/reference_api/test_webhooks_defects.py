"""Each outbound webhook defect shows the behaviour its docstring claims, seen by a real receiver, in
every style (secrets per endpoint, or per team known out of band)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from reference_api.events import DomainEvent
from reference_api.webhooks.receiver import Receiver

pytestmark = pytest.mark.slow


def register(server, client, url: str, demo_env, unwrap, team: str) -> tuple[dict, str]:
    """(the endpoint, the secret it is signed with): returned once, or the team's, known out of band."""
    hook = unwrap(server, client.post("/api/v1/webhooks", json={"url": url, "events": ["*"]}))
    if server.ctx.settings.style.webhook_secrets == "tenant":
        assert "secret" not in hook
        return hook, demo_env[f"{team.upper()}_WEBHOOK_SECRET"]
    return hook, hook["secret"]


def deliver_one(
    start_styled_api, client_for, demo_env, unwrap, *, defect: str, signature="standard-webhooks"
):
    """Start a server with the defect, register an acme endpoint, publish one acme event."""
    with start_styled_api(defects={defect}, signature=signature) as server, Receiver() as receiver:
        with client_for(server, demo_env["ACME_ADMIN_TOKEN"]) as admin:
            _, secret = register(server, admin, receiver.url, demo_env, unwrap, "acme")
        team_id = server.ctx.team_ids["acme"]
        server.ctx.bus.publish(DomainEvent(team_id, "customer.updated", {"id": 1, "team_id": team_id}))
        [request] = receiver.wait_for(1)
    return secret, request


def spatie_valid(secret: str, request) -> bool:
    expected = hmac.new(secret.encode(), request.body, hashlib.sha256).hexdigest()
    return request.headers.get("Signature") == expected


def test_webhook_unsigned_sends_no_signature_header(start_styled_api, client_for, demo_env, unwrap):
    _, request = deliver_one(start_styled_api, client_for, demo_env, unwrap, defect="webhook_unsigned")
    assert "webhook-signature" not in {name.lower() for name in request.headers}
    assert json.loads(request.body)["type"] == "customer.updated"


def test_webhook_wrong_secret_does_not_verify_with_the_endpoint_secret(
    start_styled_api, client_for, demo_env, unwrap
):
    secret, request = deliver_one(
        start_styled_api, client_for, demo_env, unwrap, defect="webhook_wrong_secret"
    )
    assert request.headers["webhook-signature"].startswith("v1,")
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(secret).verify(request.body, request.headers)


def test_webhook_signature_reserialized_matches_only_re_encoded_json(
    start_styled_api, client_for, demo_env, unwrap
):
    secret, request = deliver_one(
        start_styled_api,
        client_for,
        demo_env,
        unwrap,
        defect="webhook_signature_reserialized",
        signature="spatie",
    )
    assert not spatie_valid(secret, request)
    re_encoded = json.dumps(json.loads(request.body)).encode()
    expected = hmac.new(secret.encode(), re_encoded, hashlib.sha256).hexdigest()
    assert request.headers["Signature"] == expected


def test_webhook_stale_timestamp_is_ten_minutes_old_and_rejected(
    start_styled_api, client_for, demo_env, unwrap
):
    secret, request = deliver_one(
        start_styled_api, client_for, demo_env, unwrap, defect="webhook_stale_timestamp"
    )
    assert 590 <= time.time() - int(request.headers["webhook-timestamp"]) <= 620
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(request.body, request.headers)


def test_webhook_stale_timestamp_also_ages_stripe_signatures(start_styled_api, client_for, demo_env, unwrap):
    _, request = deliver_one(
        start_styled_api, client_for, demo_env, unwrap, defect="webhook_stale_timestamp", signature="stripe"
    )
    timestamp = int(request.headers["Stripe-Signature"].split(",")[0].removeprefix("t="))
    assert time.time() - timestamp >= 590


def test_webhook_cross_team_delivery_sends_acme_events_to_globex_endpoints(
    start_styled_api, client_for, demo_env, unwrap
):
    with start_styled_api(defects={"webhook_cross_team_delivery"}) as server, Receiver() as receiver:
        with client_for(server, demo_env["GLOBEX_ADMIN_TOKEN"]) as globex:
            hook, _ = register(server, globex, receiver.url, demo_env, unwrap, "globex")
        acme_id = server.ctx.team_ids["acme"]
        server.ctx.bus.publish(DomainEvent(acme_id, "customer.created", {"id": 1, "team_id": acme_id}))
        [request] = receiver.wait_for(1)
    assert hook["team_id"] != acme_id
    assert json.loads(request.body)["team_id"] == acme_id


def test_the_clean_build_keeps_acme_events_away_from_globex(start_api, client_for, demo_env):
    """The counterpart of the defect above: the same steps deliver nothing without it."""
    with start_api() as server, Receiver() as receiver:
        with client_for(server, demo_env["GLOBEX_ADMIN_TOKEN"]) as globex:
            globex.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["*"]})
        acme_id = server.ctx.team_ids["acme"]
        server.ctx.bus.publish(DomainEvent(acme_id, "customer.created", {"id": 1, "team_id": acme_id}))
        time.sleep(0.5)
        assert server.ctx.extras["webhooks"].worker.idle()
    assert receiver.requests == []
