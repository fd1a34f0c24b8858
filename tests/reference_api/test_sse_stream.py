"""The clean build's event stream (``--sse``): real HTTP streaming against uvicorn, every read bounded
by the server's stream lifetime (1 s here) and a guard in ``read_stream``."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from typing import Any

import pytest
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.slow

LIFETIME = 1.0
STREAM = {"sse": True, "sse_lifetime_s": LIFETIME, "sse_heartbeat_s": 0.2}
BOTH_DIALECTS = pytest.mark.parametrize("tenancy", ["header", "path"])


@BOTH_DIALECTS
def test_own_events_arrive_live_as_id_event_and_data_lines(
    start_api: Any, stream_party: Any, read_stream: Any, tenancy: str
) -> None:
    with start_api(**STREAM) as server, stream_party(server) as party:
        read = read_stream(
            party.listener,
            while_open=lambda: (party.create("acme", "acme-live"), party.create("globex", "globex-live")),
        )
    assert read.status == 200 and read.content_type.startswith("text/event-stream")
    assert read.names() == ["acme-live"]
    assert read.events[0]["event"] == "customer.created" and read.events[0]["id"].isdigit()
    assert read.retry == "1000" and "heartbeat" in read.comments
    assert LIFETIME <= read.seconds < LIFETIME + 2


@BOTH_DIALECTS
def test_last_event_id_zero_replays_only_the_teams_own_backlog_and_an_id_resumes_after_it(
    start_api: Any, stream_party: Any, read_stream: Any, tenancy: str
) -> None:
    with start_api(**STREAM) as server, stream_party(server) as party:
        for name in ("acme-1", "globex-1", "acme-2", "globex-2"):
            party.create(name.split("-")[0], name)
        replay = read_stream(party.listener, headers={"Last-Event-ID": "0"})
        resumed = read_stream(party.listener, headers={"Last-Event-ID": replay.events[0]["id"]})
        live_only = read_stream(party.listener)
    assert replay.names() == ["acme-1", "acme-2"]
    assert resumed.names() == ["acme-2"]
    assert live_only.events == []


@BOTH_DIALECTS
def test_every_event_matches_the_specs_stream_event_schema(
    start_api: Any, stream_party: Any, read_stream: Any, tenancy: str
) -> None:
    with start_api(**STREAM) as server:
        with stream_party(server) as party:
            admin = party.admins["acme"]
            spec = admin.get("/api/v1/openapi.json").json()
            customer = party.create("acme", "schema-check")
            admin.patch(f"/api/v1/customers/{customer['id']}", json={"notes": "changed"})
            invoice = admin.post(
                "/api/v1/invoices",
                json={"customer_id": customer["id"], "amount": 100, "due_date": "2031-01-01"},
            ).json()
            admin.post(f"/api/v1/invoices/{invoice['id']}/void")
            admin.delete(f"/api/v1/customers/{customer['id']}")
            read = read_stream(admin, headers={"Last-Event-ID": "0"})
    path = next(p for p in spec["paths"] if p.endswith("/events") and "payments" not in p)
    media = spec["paths"][path]["get"]["responses"]["200"]["content"]["text/event-stream"]
    validator = Draft202012Validator({**media["x-item-schema"], "components": spec["components"]})
    kinds = [event["event"] for event in read.events]
    assert kinds == [
        "customer.created",
        "customer.updated",
        "invoice.created",
        "invoice.voided",
        "customer.deleted",
    ]
    for event in read.events:
        errors = list(validator.iter_errors({**event, "data": json.loads(event["data"])}))
        assert not errors, f"{event['event']}: {errors[0].message}"


@BOTH_DIALECTS
def test_a_stream_without_credentials_is_401_and_a_bad_last_event_id_is_422(
    start_api: Any, client_for: Any, read_stream: Any, demo_env: dict[str, str], tenancy: str
) -> None:
    with start_api(**STREAM) as server:
        path = "/api/v1/orgs/acme/events" if tenancy == "path" else "/api/v1/events"
        with client_for(server) as anonymous:
            unauthenticated = read_stream(anonymous, path)
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            malformed = read_stream(viewer, headers={"Last-Event-ID": "yesterday"})
    assert (unauthenticated.status, json.loads(unauthenticated.body)) == (
        401,
        {"message": "Unauthenticated."},
    )
    assert malformed.status == 422 and "Last-Event-ID" in json.loads(malformed.body)["errors"]


def test_a_foreign_orgs_stream_is_refused_exactly_like_a_made_up_one(
    start_api: Any, client_for: Any, read_stream: Any, demo_env: dict[str, str]
) -> None:
    with start_api(tenancy="path", **STREAM) as server:
        with (
            client_for(server, demo_env["ACME_ADMIN_TOKEN"], org="globex") as foreign,
            client_for(server, demo_env["ACME_ADMIN_TOKEN"], org="tp-no-such-org") as made_up,
        ):
            refusals = [read_stream(client) for client in (foreign, made_up)]
    assert [(r.status, r.body) for r in refusals] == [(404, '{"message":"Organisation not found."}')] * 2


def test_a_foreign_team_selected_by_header_is_refused(
    start_api: Any, client_in_team: Any, read_stream: Any, demo_env: dict[str, str]
) -> None:
    with start_api(**STREAM) as server:
        with client_in_team(server, demo_env["ACME_ADMIN_TOKEN"], "globex") as foreign:
            refused = read_stream(foreign)
    assert refused.status == 403


def test_a_client_that_leaves_early_is_unsubscribed(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(tenancy="path", sse=True, sse_lifetime_s=30.0, sse_heartbeat_s=0.1) as server:
        log = server.ctx.extras["sse"]
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            with viewer.stream("GET", "/api/v1/events") as response:
                # keep the iterator: dropping it closes the connection before the check below
                lines = response.iter_lines()
                assert next(lines).startswith("retry:")
                assert log.open_streams == 1
        deadline = time.monotonic() + 5
        while log.open_streams and time.monotonic() < deadline:
            time.sleep(0.05)
        assert log.open_streams == 0


def test_without_sse_there_is_no_stream(start_api: Any, client_for: Any, demo_env: dict[str, str]) -> None:
    with start_api() as server, client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
        assert viewer.get("/api/v1/events").status_code == 404
        assert "/api/v1/events" not in viewer.get("/api/v1/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--defects", "sse_cross_tenant_events"], "add --sse"),
        (["--defects", "object_not_scoped_to_path_org", "--sse"], "add --tenancy path"),
        (["--sse", "--sse-lifetime", "0"], "--sse-lifetime must be more than 0"),
    ],
)
def test_serve_refuses_a_defect_or_lifetime_its_dialect_cannot_have(flags: list[str], message: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reference_api", "serve", "--port", "1", *flags],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
