"""Troubleshooting clues: an X-Request-Id on every response and one JSON log line per request."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from reference_api.server import BackgroundServer

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("path", "status"),
    [("/up", 200), ("/api/v1/me", 401), ("/api/v1/customers/999999", 404), ("/nowhere", 404)],
)
def test_every_response_echoes_the_clients_request_id(
    api_server: BackgroundServer, client_for: Any, demo_env: dict[str, str], path: str, status: int
) -> None:
    token = demo_env["ACME_ADMIN_TOKEN"] if status == 404 else None
    with client_for(api_server, token) as client:
        response = client.get(path, headers={"X-Request-Id": "trace-123"})
    assert response.status_code == status
    assert response.headers["x-request-id"] == "trace-123"


def test_a_request_id_is_generated_when_the_client_sends_none_or_garbage(
    api_server: BackgroundServer, client_for: Any
) -> None:
    with client_for(api_server) as client:
        generated = [client.get("/up").headers["x-request-id"] for _ in range(2)]
        too_long = client.get("/up", headers={"X-Request-Id": "x" * 500}).headers["x-request-id"]
    assert generated[0] != generated[1] and all(len(value) == 32 for value in generated)
    assert too_long != "x" * 500


def test_one_json_log_line_per_request_names_team_user_route_status(
    api_server: BackgroundServer,
    client_for: Any,
    demo_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    with client_for(api_server, demo_env["GLOBEX_MEMBER_TOKEN"]) as client:
        client.get("/api/v1/customers/424242", headers={"X-Request-Id": "log-line-test"})
    # the line is written after the response is sent: wait for it, a bounded while
    captured = ""
    deadline = time.monotonic() + 5
    while "log-line-test" not in captured and time.monotonic() < deadline:
        time.sleep(0.02)
        captured += capsys.readouterr().err
    lines = [json.loads(line) for line in captured.splitlines() if "log-line-test" in line]
    assert len(lines) == 1
    line = lines[0]
    assert line["team"] == "globex" and line["user"] == "member@globex.test"
    assert (line["route"], line["status"]) == ("/api/v1/customers/{customer_id}", 404)
    assert isinstance(line["ms"], float)
