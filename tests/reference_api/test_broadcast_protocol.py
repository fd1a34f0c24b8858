"""The Pusher protocol rules, exercised on a session without a socket."""

import asyncio
import json

import pytest

from reference_api.broadcasting.auth import AppCredentials, auth_string, is_valid_socket_id, team_of_channel
from reference_api.broadcasting.hub import Hub
from reference_api.broadcasting.protocol import PusherSession, connection_established

APP = AppCredentials("app-1", "key-1", "secret-1")


@pytest.fixture
def loop():
    event_loop = asyncio.new_event_loop()
    yield event_loop
    event_loop.close()


def drain(loop, connection):
    loop.run_until_complete(asyncio.sleep(0))
    messages = []
    while not connection.outbox.empty():
        messages.append(connection.outbox.get_nowait())
    return messages


def send(session, event, data):
    return session.handle(json.dumps({"event": event, "data": data}))


def test_connection_established_carries_socket_id_and_timeout_as_a_json_string():
    message = connection_established("12.34")
    assert json.loads(message["data"]) == {"socket_id": "12.34", "activity_timeout": 30}


def test_socket_ids_and_team_channels_are_recognised():
    assert is_valid_socket_id("123.456") and not is_valid_socket_id("123")
    assert team_of_channel("private-team.7") == "7"
    assert team_of_channel("presence-team.0b9e-11") == "0b9e-11"
    assert team_of_channel("private-user.7") is None


def test_ping_gets_pong(loop):
    hub = Hub()
    session = PusherSession(hub, hub.connect(loop), APP)
    assert send(session, "pusher:ping", {}) == [{"event": "pusher:pong", "data": "{}"}]


def test_private_subscribe_with_valid_auth_succeeds_and_receives_events(loop):
    hub = Hub()
    connection = hub.connect(loop)
    session = PusherSession(hub, connection, APP)
    auth = auth_string(APP, connection.socket_id, "private-team.1")
    [reply] = send(session, "pusher:subscribe", {"channel": "private-team.1", "auth": auth})
    assert reply["event"] == "pusher_internal:subscription_succeeded"
    assert hub.publish("private-team.1", "customer.created", {"id": 5}) == 1
    assert hub.publish("private-team.2", "customer.created", {"id": 6}) == 0
    [event] = drain(loop, connection)
    assert event == {"event": "customer.created", "channel": "private-team.1", "data": '{"id": 5}'}


def test_private_subscribe_with_auth_for_another_socket_is_refused(loop):
    hub = Hub()
    connection = hub.connect(loop)
    session = PusherSession(hub, connection, APP)
    auth = auth_string(APP, "999.999", "private-team.1")
    [reply] = send(session, "pusher:subscribe", {"channel": "private-team.1", "auth": auth})
    assert reply["event"] == "pusher:subscription_error"
    assert "Invalid signature" in json.loads(reply["data"])["error"]
    assert hub.publish("private-team.1", "x", {}) == 0


def test_private_subscribe_without_auth_is_refused(loop):
    hub = Hub()
    session = PusherSession(hub, hub.connect(loop), APP)
    [reply] = send(session, "pusher:subscribe", {"channel": "private-team.1"})
    assert reply["event"] == "pusher:subscription_error"


def test_presence_lists_members_and_announces_joins_and_leaves(loop):
    hub = Hub()
    first, second = hub.connect(loop), hub.connect(loop)
    channel = "presence-team.1"
    for connection, user in ((first, "u1"), (second, "u2")):
        channel_data = json.dumps({"user_id": user, "user_info": {"name": user}})
        auth = auth_string(APP, connection.socket_id, channel, channel_data)
        [reply] = send(
            PusherSession(hub, connection, APP),
            "pusher:subscribe",
            {"channel": channel, "auth": auth, "channel_data": channel_data},
        )
        assert reply["event"] == "pusher_internal:subscription_succeeded"
    presence = json.loads(reply["data"])["presence"]
    assert presence["count"] == 2 and presence["hash"]["u1"] == {"name": "u1"}
    [added] = drain(loop, first)
    assert added["event"] == "pusher_internal:member_added"
    assert json.loads(added["data"])["user_id"] == "u2"
    hub.disconnect(second)
    [removed] = drain(loop, first)
    assert removed["event"] == "pusher_internal:member_removed"


def test_presence_auth_covers_channel_data(loop):
    hub = Hub()
    connection = hub.connect(loop)
    signed = json.dumps({"user_id": "u1"})
    auth = auth_string(APP, connection.socket_id, "presence-team.1", signed)
    [reply] = send(
        PusherSession(hub, connection, APP),
        "pusher:subscribe",
        {"channel": "presence-team.1", "auth": auth, "channel_data": json.dumps({"user_id": "admin"})},
    )
    assert reply["event"] == "pusher:subscription_error"


def test_client_events_and_garbage_get_pusher_errors(loop):
    hub = Hub()
    session = PusherSession(hub, hub.connect(loop), APP)
    assert send(session, "client-typing", {})[0]["data"]["code"] == 4301
    assert session.handle("not json")[0]["event"] == "pusher:error"
