"""The events checks as functions: channel-auth judgements, payload schemas, foreign marks."""

from __future__ import annotations

import json
from typing import Any

from tenantprobe.core.state import Knowledge
from tenantprobe.families.events.channel_auth import (
    AuthReply,
    combine_by_subject,
    judge_anonymous,
    judge_malformed_socket,
    judge_own_channel,
    judge_refused,
)
from tenantprobe.families.events.leaks import foreign_marks
from tenantprobe.families.events.payloads import payload_problems, payload_schema_pointer
from tenantprobe.families.events.settings import EventsSettings
from tenantprobe.families.events.signing import sign_channel

KEY, SECRET = "app-key", "app-secret"
SETTINGS = EventsSettings(
    "/app/{app_key}", KEY, SECRET, "/broadcasting/auth", ("form",), (403,),
    "private-org.{tenant_id}", "presence-org.{tenant_id}", (), "data", 1.0,
)  # fmt: skip


def reply(channel: str, status: int = 200, *, auth: str | None = None, data: str | None = None) -> AuthReply:
    return AuthReply("red/viewer", channel, "1.2", "form", status, auth, data, None)


def checks(failures: list[Any]) -> list[str]:
    return [failure.check for failure in failures]


def test_own_private_channel_signed_right_passes() -> None:
    good = reply("private-org.1", auth=sign_channel(KEY, SECRET, "1.2", "private-org.1"))
    assert judge_own_channel(SETTINGS, good, "7") == []


def test_own_channel_refused_is_over_restriction() -> None:
    failures = judge_own_channel(SETTINGS, reply("private-org.1", 403), "7")
    assert checks(failures) == ["channel_auth_granted"]
    assert "Expected 2xx, got `403 Forbidden`" in failures[0].message


def test_signature_over_the_wrong_string_is_reported() -> None:
    wrong = reply("private-org.1", auth=sign_channel(KEY, SECRET, "9.9", "private-org.1"))
    assert checks(judge_own_channel(SETTINGS, wrong, "7")) == ["channel_auth_signature_valid"]


def test_presence_member_must_be_the_caller() -> None:
    member = json.dumps({"user_id": 8, "user_info": {}})
    signed = reply(
        "presence-org.1", auth=sign_channel(KEY, SECRET, "1.2", "presence-org.1", member), data=member
    )
    assert checks(judge_own_channel(SETTINGS, signed, "7")) == ["presence_member_is_caller"]
    assert judge_own_channel(SETTINGS, signed, "8") == []


def test_other_tenants_channel_signed_is_a_scoping_failure() -> None:
    signed = reply("private-org.2", auth=sign_channel(KEY, SECRET, "1.2", "private-org.2"))
    failures = judge_refused(SETTINGS, signed, "`blue`'s private channel")
    assert checks(failures) == ["channel_auth_scoped"]
    assert "Expected 403, got `200 OK`" in failures[0].message and "signed it" in failures[0].message
    assert judge_refused(SETTINGS, reply("private-org.2", 403), "`blue`'s private channel") == []
    assert checks(judge_refused(SETTINGS, reply("private-org.2", 500), "x")) == ["channel_auth_scoped"]


def test_anonymous_callers_need_a_4xx_and_no_signature() -> None:
    assert judge_anonymous(SETTINGS, reply("private-org.1", 401)) == []
    failures = judge_anonymous(SETTINGS, reply("private-org.1", 200, auth="k:s"))
    assert checks(failures) == ["channel_auth_requires_credentials"]
    assert "without credentials" in failures[0].message


def test_malformed_socket_ids_need_a_4xx() -> None:
    assert judge_malformed_socket(SETTINGS, reply("private-org.1", 422)) == []
    assert checks(judge_malformed_socket(SETTINGS, reply("private-org.1", 200, auth="k:s"))) == [
        "socket_id_validated"
    ]


EVENT_REF = {"$ref": "#/components/schemas/Ev"}
EVENT = {"type": "object", "properties": {"data": {"$ref": "#/components/schemas/Thing"}}}
THING = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
SPEC: dict[str, Any] = {
    "webhooks": {
        "thing.created": {"post": {"requestBody": {"content": {"application/json": {"schema": EVENT_REF}}}}}
    },
    "components": {"schemas": {"Ev": EVENT, "Thing": THING}},
}


def test_payload_schema_is_found_through_refs_and_the_payload_field() -> None:
    assert payload_schema_pointer(SPEC, "thing.created", "data") == "/components/schemas/Thing"
    assert payload_schema_pointer(SPEC, "thing.created", None) == "/components/schemas/Ev"
    assert payload_schema_pointer(SPEC, "thing.deleted", "data") is None


def test_payload_problems_name_the_field() -> None:
    assert payload_problems(SPEC, "thing.created", "data", {"id": 3}) == []
    problems = payload_problems(SPEC, "thing.created", "data", {"id": "three"})
    assert problems is not None and problems[0].startswith("id:")
    assert payload_problems(SPEC, "undeclared.event", "data", {}) is None


def test_foreign_marks_name_the_tenant_whose_data_it_is() -> None:
    knowledge = Knowledge(tenant_ids={"red": "1", "blue": "2"})
    knowledge.add_canary("blue", "tp-blue-abc")
    knowledge.add_canary("red", "tp-red-def")
    own = {"data": {"team_id": 1, "name": "tp-red-def"}}
    assert foreign_marks(knowledge, "red", own, "team_id") == {}
    leaked = {"data": {"team_id": 2, "name": "tp-blue-abc"}}
    assert set(foreign_marks(knowledge, "red", leaked, "team_id")) == {"blue"}
    assert "tenant id" in foreign_marks(knowledge, "red", {"team_id": 2}, "team_id")["blue"]


def test_failures_of_one_subject_are_combined_so_no_message_is_lost() -> None:
    first = judge_refused(SETTINGS, reply("private-org.2", 200, auth="k:s"), "`blue`'s private channel")
    second = judge_refused(SETTINGS, reply("presence-org.2", 200, auth="k:s"), "`blue`'s presence channel")
    combined = combine_by_subject(first + second)
    assert len(combined) == 1
    assert "private-org.2" in combined[0].message and "presence-org.2" in combined[0].message
    many = [f for n in range(9) for f in judge_refused(SETTINGS, reply(f"private-org.{n}", 500), "x")]
    assert combine_by_subject(many)[0].message.endswith("5 more of the same kind (see the test's output)")
