"""``--auth login``: POST /api/v1/login issues fresh Sanctum tokens for the user's home team."""

from __future__ import annotations

import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from reference_api.openapi.login import LOGIN_PATH
from reference_api.seed import generated_password, plan_teams
from reference_api.server import BackgroundServer
from reference_api.settings import Settings
from reference_api.style import STYLES

pytestmark = pytest.mark.slow

SANCTUM_TOKEN = re.compile(r"^[0-9]+\|[A-Za-z0-9]{40}$")


@pytest.fixture(scope="module")
def login_server() -> Iterator[BackgroundServer]:
    with BackgroundServer(_settings(tenants=4)) as server:
        yield server


def _settings(**overrides: Any) -> Settings:
    return replace(Settings(auth="login", rate_limit=(100_000, 60)), **overrides)


def _log_in(server: BackgroundServer, email: str, password: str) -> httpx.Response:
    return httpx.post(server.url + LOGIN_PATH, json={"email": email, "password": password}, timeout=10)


def _me(server: BackgroundServer, token: str, path: str = "/api/v1/me") -> httpx.Response:
    return httpx.get(server.url + path, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def test_login_issues_a_fresh_token_that_acts_in_the_users_home_team(
    login_server: BackgroundServer, demo_env: dict[str, str]
) -> None:
    first = _log_in(login_server, "viewer@globex.test", demo_env["GLOBEX_VIEWER_PASSWORD"])
    second = _log_in(login_server, "viewer@globex.test", demo_env["GLOBEX_VIEWER_PASSWORD"])
    assert first.status_code == second.status_code == 200, first.text
    body = first.json()
    assert body["token_type"] == "Bearer" and SANCTUM_TOKEN.match(body["token"])
    assert body["token"] != second.json()["token"]
    for token in (body["token"], second.json()["token"], demo_env["GLOBEX_VIEWER_TOKEN"]):
        me = _me(login_server, token).json()
        assert (me["team"]["slug"], me["roles"], me["user"]["email"]) == (
            "globex",
            ["viewer"],
            "viewer@globex.test",
        )
    # the consultant's home team is the one its seeded token is bound to (acme), where it is a member
    consultant = _log_in(login_server, "casey@consultants.test", demo_env["CONSULTANT_PASSWORD"]).json()
    assert (_me(login_server, consultant["token"]).json()["team"]["slug"]) == "acme"


def test_a_generated_tenants_derived_password_logs_in(login_server: BackgroundServer) -> None:
    assert plan_teams(4)[3].passwords["billing"] == generated_password("tenant04", "billing")
    response = _log_in(login_server, "billing@tenant04.test", generated_password("tenant04", "billing"))
    assert response.status_code == 200, response.text
    me = _me(login_server, response.json()["token"]).json()
    assert (me["team"]["slug"], me["roles"]) == ("tenant04", ["billing"])


@pytest.mark.parametrize(
    ("email", "password"),
    [("viewer@acme.test", "wrong-password"), ("nobody@acme.test", "pw-anything"), ("viewer@acme.test", "")],
)
def test_wrong_credentials_answer_401_with_a_message(
    login_server: BackgroundServer, email: str, password: str
) -> None:
    response = _log_in(login_server, email, password)
    if password == "":  # an empty password is malformed, not wrong
        assert response.status_code == 422
        assert response.json()["errors"] == {
            "password": ["The password field must be at least 1 characters."]
        }
        return
    assert response.status_code == 401
    assert response.json() == {"message": "These credentials do not match our records."}
    assert "token" not in response.text


@pytest.mark.parametrize(
    ("content", "errors"),
    [
        (b'{"email": "viewer@acme.test"}', {"password": ["The password field is required."]}),
        (b'{"email": "not-an-email", "password": "x"}',
         {"email": ["The email field must be a valid email address."]}),
        (b'{"email": 7, "password": "x", "remember": true}',
         {"email": ["The email field must be a string."], "remember": ["The remember field is prohibited."]}),
        (b"not json", {"body": ["The request body must be valid JSON."]}),
        (b"[]", {"body": ["The request body must be a JSON object."]}),
    ],
)  # fmt: skip
def test_a_malformed_body_answers_422_naming_each_field(
    login_server: BackgroundServer, content: bytes, errors: dict[str, list[str]]
) -> None:
    response = httpx.post(
        login_server.url + LOGIN_PATH,
        content=content,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == errors


def test_concurrent_logins_each_get_a_distinct_working_token(
    login_server: BackgroundServer, demo_env: dict[str, str]
) -> None:
    def log_in(_: int) -> str:
        response = _log_in(login_server, "member@acme.test", demo_env["ACME_MEMBER_PASSWORD"])
        assert response.status_code == 200, response.text
        return str(response.json()["token"])

    with ThreadPoolExecutor(max_workers=8) as pool:
        tokens = list(pool.map(log_in, range(24)))
    assert len(set(tokens)) == 24
    assert len({token.split("|")[0] for token in tokens}) == 24
    assert all(_me(login_server, token).json()["team"]["slug"] == "acme" for token in tokens)


def test_the_spec_documents_a_public_login_and_only_in_the_login_dialect(
    login_server: BackgroundServer, start_api: Any, client_for: Any
) -> None:
    spec = httpx.get(login_server.url + "/api/v1/openapi.json", timeout=10).json()
    validate(spec)
    operation = spec["paths"][LOGIN_PATH]["post"]
    assert operation["security"] == []
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["email", "password"]
    assert {"200", "401", "422", "429"} <= set(operation["responses"])
    assert spec["components"]["securitySchemes"]["sanctumToken"]["scheme"] == "bearer"
    for auth in ("bearer", "api-key"):
        with start_api(auth=auth) as server, client_for(server) as client:
            other = client.get("/api/v1/openapi.json").json()
            assert client.post(
                LOGIN_PATH, json={"email": "viewer@acme.test", "password": "x"}
            ).status_code in (
                401,
                404,
                405,
            )
        assert LOGIN_PATH not in other["paths"] and {"name": "auth"} not in other["tags"]
        assert (
            "description" not in other["components"]["securitySchemes"]["sanctumToken"] or auth == "api-key"
        )


def test_login_stays_unscoped_and_bare_in_the_path_and_laravel_dialects(
    start_api: Any, demo_env: dict[str, str]
) -> None:
    with start_api(auth="login", tenancy="path", style=STYLES["laravel"]) as server:
        spec = httpx.get(server.url + "/api/v1/openapi.json", timeout=10).json()
        validate(spec)
        prefix = spec["servers"][0]["url"].rstrip("/")
        assert LOGIN_PATH.removeprefix(prefix) in spec["paths"]
        response = _log_in(server, "manager@acme.test", demo_env["ACME_MANAGER_PASSWORD"])
        assert response.status_code == 200 and SANCTUM_TOKEN.match(response.json()["token"])  # no envelope
        customers = _me(server, response.json()["token"], "/api/v1/orgs/acme/customers")
        assert customers.status_code == 200
        assert _me(server, response.json()["token"], "/api/v1/orgs/globex/customers").status_code == 404
