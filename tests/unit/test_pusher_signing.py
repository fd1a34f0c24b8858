"""Pusher channel-auth signatures, checked against the vectors Pusher publishes in its auth docs."""

from __future__ import annotations

import pytest

from tenantprobe.families.events.signing import auth_problem, forged_auth, sign_channel, string_to_sign

KEY, SECRET, SOCKET = "278d425bdf160c739803", "7ad3773142a6692b25b8", "1234.1234"
PRIVATE_AUTH = f"{KEY}:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"
MEMBER = '{"user_id":10,"user_info":{"name":"Mr. Pusher"}}'
PRESENCE_AUTH = f"{KEY}:afaed3695da2ffd16931f457e338e6c9f2921fa133ce7dac49f529792be6304c"


def test_private_channel_signature_matches_the_published_vector() -> None:
    assert sign_channel(KEY, SECRET, SOCKET, "private-foobar") == PRIVATE_AUTH


def test_presence_channel_signature_covers_channel_data() -> None:
    assert string_to_sign(SOCKET, "presence-foobar", MEMBER) == f"{SOCKET}:presence-foobar:{MEMBER}"
    assert sign_channel(KEY, SECRET, SOCKET, "presence-foobar", MEMBER) == PRESENCE_AUTH


def test_a_valid_auth_value_has_no_problem_with_or_without_the_secret() -> None:
    common = {"app_key": KEY, "socket_id": SOCKET, "channel": "private-foobar"}
    assert auth_problem(PRIVATE_AUTH, secret=SECRET, **common) is None
    assert auth_problem(PRIVATE_AUTH, secret=None, **common) is None


@pytest.mark.parametrize(
    ("auth", "socket_id", "expected"),
    [
        ("no-colon-here", SOCKET, "is not `<app key>:<64 hex digits>`"),
        (f"{KEY}:abc", SOCKET, "is not `<app key>:<64 hex digits>`"),
        ("other-key:" + PRIVATE_AUTH.split(":")[1], SOCKET, "another app key"),
        (PRIVATE_AUTH, "1234.9999", "is not HMAC-SHA256 of `1234.9999:private-foobar`"),
    ],
)
def test_wrong_auth_values_are_explained(auth: str, socket_id: str, expected: str) -> None:
    problem = auth_problem(auth, app_key=KEY, socket_id=socket_id, channel="private-foobar", secret=SECRET)
    assert problem is not None and expected in problem


def test_presence_signature_without_channel_data_is_wrong() -> None:
    problem = auth_problem(
        PRESENCE_AUTH, app_key=KEY, socket_id=SOCKET, channel="presence-foobar", secret=SECRET
    )
    assert problem is not None


def test_forged_auth_is_well_formed_but_does_not_verify() -> None:
    forged = forged_auth(KEY, SOCKET, "private-foobar")
    common = {"app_key": KEY, "socket_id": SOCKET, "channel": "private-foobar"}
    assert auth_problem(forged, secret=None, **common) is None
    assert auth_problem(forged, secret=SECRET, **common) is not None
