"""The Pusher-protocol WebSocket server and `/broadcasting/auth`, with a real `websockets` client."""

from __future__ import annotations

import json
import time

import pytest
from websockets.sync.client import connect

from reference_api.broadcasting.auth import AppCredentials, auth_string

pytestmark = pytest.mark.slow


def socket_url(server, key: str) -> str:
    return f"ws://127.0.0.1:{server.port}/app/{key}?protocol=7&client=py&version=1"


def receive(ws, timeout: float = 3.0) -> dict:
    message = json.loads(ws.recv(timeout=timeout))
    return message


def receive_until(ws, event: str, timeout: float = 3.0) -> dict:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        message = receive(ws, left)
        if message["event"] == event:
            return message
    raise AssertionError(f"no {event} within {timeout} s")


def nothing_arrives(ws, wait: float = 0.4) -> bool:
    try:
        ws.recv(timeout=wait)
    except TimeoutError:
        return True
    return False


def handshake(ws) -> str:
    established = receive(ws)
    assert established["event"] == "pusher:connection_established"
    data = json.loads(established["data"])
    assert data["activity_timeout"] == 30
    return data["socket_id"]


def subscribe(ws, channel: str, auth: str | None, channel_data: str | None = None) -> dict:
    data = {"channel": channel, "auth": auth}
    if channel_data is not None:
        data["channel_data"] = channel_data
    ws.send(json.dumps({"event": "pusher:subscribe", "data": data}))
    return receive(ws)


def authorize(client, socket_id: str, channel: str, as_json: bool = False):
    fields = {"socket_id": socket_id, "channel_name": channel}
    if as_json:
        return client.post("/broadcasting/auth", json=fields)
    return client.post("/broadcasting/auth", data=fields)


def create_customer(server, client, unwrap) -> dict:
    response = client.post("/api/v1/customers", json={"name": "Canary Ltd", "email": "canary@example.test"})
    assert response.status_code == 201, response.text
    return unwrap(server, response)


@pytest.fixture
def app_credentials(demo_env) -> AppCredentials:
    keys = ("BROADCAST_APP_ID", "BROADCAST_APP_KEY", "BROADCAST_APP_SECRET")
    return AppCredentials(*(demo_env[key] for key in keys))


def test_handshake_ping_and_unknown_app_key(api_server, app_credentials):
    with connect(socket_url(api_server, app_credentials.key)) as ws:
        socket_id = handshake(ws)
        assert socket_id.count(".") == 1
        ws.send(json.dumps({"event": "pusher:ping", "data": {}}))
        assert receive(ws)["event"] == "pusher:pong"
    with connect(socket_url(api_server, "no-such-key")) as ws:
        refusal = receive(ws)
    assert refusal["event"] == "pusher:error" and refusal["data"]["code"] == 4001


@pytest.mark.parametrize("as_json", [False, True])
def test_auth_signs_the_callers_own_team_channel(api_server, client_for, demo_env, app_credentials, as_json):
    channel = f"private-team.{api_server.ctx.team_ids['acme']}"
    with client_for(api_server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
        response = authorize(viewer, "123.456", channel, as_json)
    assert response.status_code == 200
    assert response.json() == {"auth": auth_string(app_credentials, "123.456", channel)}


def test_auth_refuses_other_teams_and_foreign_channels(api_server, client_for, demo_env):
    globex_channel = f"private-team.{api_server.ctx.team_ids['globex']}"
    with client_for(api_server, demo_env["ACME_ADMIN_TOKEN"]) as admin, client_for(api_server) as anonymous:
        assert authorize(admin, "1.2", globex_channel).status_code == 403
        assert authorize(admin, "1.2", "private-admin").status_code == 403
        assert authorize(admin, "not-a-socket", globex_channel).status_code == 422
        assert authorize(admin, "1.2", "").status_code == 422
        assert authorize(anonymous, "1.2", globex_channel).status_code == 401


def test_subscribed_client_receives_its_teams_events_only(api_server, client_for, demo_env, unwrap):
    acme_channel = f"private-team.{api_server.ctx.team_ids['acme']}"
    acme_token, globex_token = demo_env["ACME_ADMIN_TOKEN"], demo_env["GLOBEX_ADMIN_TOKEN"]
    with client_for(api_server, acme_token) as acme, client_for(api_server, globex_token) as globex:
        with connect(socket_url(api_server, demo_env["BROADCAST_APP_KEY"])) as ws:
            socket_id = handshake(ws)
            reply = subscribe(ws, acme_channel, authorize(acme, socket_id, acme_channel).json()["auth"])
            assert reply["event"] == "pusher_internal:subscription_succeeded"
            assert (reply["channel"], reply["data"]) == (acme_channel, "{}")
            create_customer(api_server, globex, unwrap)
            customer = create_customer(api_server, acme, unwrap)
            event = receive_until(ws, "customer.created")
            assert event["channel"] == acme_channel
            assert json.loads(event["data"]) == customer
            assert nothing_arrives(ws)


def test_subscribing_with_a_forged_or_foreign_signature_fails(api_server, app_credentials):
    globex_channel = f"private-team.{api_server.ctx.team_ids['globex']}"
    with connect(socket_url(api_server, app_credentials.key)) as ws:
        handshake(ws)
        forged = subscribe(ws, globex_channel, f"{app_credentials.key}:{'0' * 64}")
        other_socket = subscribe(ws, globex_channel, auth_string(app_credentials, "1.1", globex_channel))
    for reply in (forged, other_socket):
        assert reply["event"] == "pusher:subscription_error" and reply["channel"] == globex_channel


def test_presence_channel_auth_carries_channel_data_and_lists_members(api_server, client_for, demo_env):
    channel = f"presence-team.{api_server.ctx.team_ids['acme']}"
    with client_for(api_server, demo_env["ACME_MEMBER_TOKEN"]) as member:
        with connect(socket_url(api_server, demo_env["BROADCAST_APP_KEY"])) as ws:
            socket_id = handshake(ws)
            signed = authorize(member, socket_id, channel).json()
            reply = subscribe(ws, channel, signed["auth"], signed["channel_data"])
    assert reply["event"] == "pusher_internal:subscription_succeeded"
    presence = json.loads(reply["data"])["presence"]
    user_id = str(json.loads(signed["channel_data"])["user_id"])
    assert presence["count"] == 1 and presence["ids"] == [user_id]


def test_broadcast_auth_any_team_signs_another_teams_channel(
    start_styled_api, client_for, demo_env, app_credentials
):
    with start_styled_api(defects={"broadcast_auth_any_team"}) as server:
        globex_channel = f"private-team.{server.ctx.team_ids['globex']}"
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            response = authorize(viewer, "1.2", globex_channel)
    assert response.status_code == 200
    assert response.json()["auth"] == auth_string(app_credentials, "1.2", globex_channel)


def test_broadcast_cross_team_leak_puts_acme_events_on_globex_channel(
    start_styled_api, client_for, demo_env, unwrap
):
    with start_styled_api(defects={"broadcast_cross_team_leak"}) as server:
        globex_channel = f"private-team.{server.ctx.team_ids['globex']}"
        acme_token, globex_token = demo_env["ACME_ADMIN_TOKEN"], demo_env["GLOBEX_VIEWER_TOKEN"]
        with client_for(server, acme_token) as acme, client_for(server, globex_token) as globex:
            with connect(socket_url(server, demo_env["BROADCAST_APP_KEY"])) as ws:
                socket_id = handshake(ws)
                subscribe(ws, globex_channel, authorize(globex, socket_id, globex_channel).json()["auth"])
                customer = create_customer(server, acme, unwrap)
                event = receive_until(ws, "customer.created")
    assert event["channel"] == globex_channel
    assert json.loads(event["data"])["team_id"] == server.ctx.team_ids["acme"] == customer["team_id"]


def test_broadcast_subscribe_unverified_accepts_a_forged_auth(start_styled_api, demo_env):
    with start_styled_api(defects={"broadcast_subscribe_unverified"}) as server:
        globex_channel = f"private-team.{server.ctx.team_ids['globex']}"
        with connect(socket_url(server, demo_env["BROADCAST_APP_KEY"])) as ws:
            handshake(ws)
            reply = subscribe(ws, globex_channel, f"{demo_env['BROADCAST_APP_KEY']}:forged")
    assert reply["event"] == "pusher_internal:subscription_succeeded"
