"""The server starts, answers /up, and /me reflects the token's team and role."""

from __future__ import annotations

from typing import Any

import pytest

from reference_api.server import BackgroundServer

pytestmark = pytest.mark.slow


def test_health_answers_without_credentials(api_server: BackgroundServer, client_for: Any) -> None:
    with client_for(api_server) as client:
        response = client.get("/up")
    assert response.status_code == 200
    assert response.headers["x-request-id"]


def test_me_shows_the_tokens_team_and_role(
    api_server: BackgroundServer, demo_env: dict[str, str], client_for: Any
) -> None:
    with client_for(api_server, demo_env["GLOBEX_VIEWER_TOKEN"]) as client:
        me = client.get("/api/v1/me").json()
    assert me["team"]["slug"] == "globex"
    assert me["team"]["currency"] == "EUR"
    assert me["roles"] == ["viewer"]
    assert me["permissions"] == ["customers.view", "invoices.view"]


def test_me_without_token_is_401_with_message(api_server: BackgroundServer, client_for: Any) -> None:
    with client_for(api_server) as client:
        response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated."}
