"""Health, /me, authentication dialects and the team context (token team, X-Team-Id switch)."""

from __future__ import annotations

from typing import Any

import pytest

from reference_api.server import BackgroundServer

pytestmark = pytest.mark.slow


def test_health_answers_without_credentials(api_server: BackgroundServer, client_for: Any) -> None:
    with client_for(api_server) as client:
        response = client.get("/up")
    assert response.status_code == 200
    assert response.json() == {"status": "up"}


@pytest.mark.parametrize(
    ("token_env", "slug", "currency", "timezone", "roles"),
    [
        ("ACME_ADMIN_TOKEN", "acme", "USD", "America/New_York", ["admin"]),
        ("GLOBEX_VIEWER_TOKEN", "globex", "EUR", "Europe/Berlin", ["viewer"]),
        ("INITECH_BILLING_TOKEN", "initech", "GBP", "Europe/London", ["billing"]),
        ("ACME_PROBE_TOKEN", "acme", "USD", "America/New_York", ["viewer"]),
    ],
)
def test_me_shows_the_tokens_team_and_roles(
    api_server: BackgroundServer,
    client_for: Any,
    demo_env: dict[str, str],
    token_env: str,
    slug: str,
    currency: str,
    timezone: str,
    roles: list[str],
) -> None:
    with client_for(api_server, demo_env[token_env]) as client:
        me = client.get("/api/v1/me").json()
    assert (me["team"]["slug"], me["team"]["currency"], me["team"]["timezone"]) == (slug, currency, timezone)
    assert me["roles"] == roles


def test_viewer_permissions_are_exactly_view_ones(
    api_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]
) -> None:
    with client_for(api_server, demo_env["GLOBEX_VIEWER_TOKEN"]) as client:
        assert client.get("/api/v1/me").json()["permissions"] == ["customers.view", "invoices.view"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer 1|wrong"}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer"}],
    ids=["none", "wrong-secret", "other-scheme", "empty"],
)
def test_missing_or_bad_credentials_are_401_with_message(
    api_server: BackgroundServer, client_for: Any, headers: dict[str, str]
) -> None:
    with client_for(api_server, **headers) as client:
        response = client.get("/api/v1/customers")
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated."}


def test_api_key_dialect_reads_x_api_key_and_ignores_bearer(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(auth="api-key") as server:
        with client_for(server, demo_env["ACME_MEMBER_TOKEN"]) as client:
            assert client.get("/api/v1/me").status_code == 200
        bearer = {"Authorization": f"Bearer {demo_env['ACME_MEMBER_TOKEN']}"}
        with client_for(server, **bearer) as client:
            assert client.get("/api/v1/me").status_code == 401


def test_consultant_switches_into_a_team_they_belong_to_with_that_teams_role(
    api_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]
) -> None:
    globex_id = api_server.ctx.team_ids["globex"]
    with client_for(api_server, demo_env["CONSULTANT_TOKEN"]) as client:
        home = client.get("/api/v1/me").json()
        switched = client.get("/api/v1/me", headers={"X-Team-Id": str(globex_id)}).json()
    assert (home["team"]["slug"], home["roles"]) == ("acme", ["member"])
    assert (switched["team"]["slug"], switched["roles"]) == ("globex", ["viewer"])
    assert "customers.create" not in switched["permissions"]


@pytest.mark.parametrize("team", ["initech", "nonsense"])
def test_switching_into_a_team_the_user_is_not_in_is_403(
    api_server: BackgroundServer, client_for: Any, demo_env: dict[str, str], team: str
) -> None:
    value = str(api_server.ctx.team_ids.get(team, "not-a-team"))
    with client_for(api_server, demo_env["CONSULTANT_TOKEN"], **{"X-Team-Id": value}) as client:
        response = client.get("/api/v1/customers")
    assert response.status_code == 403
    assert response.json()["message"]


def test_other_teams_objects_are_404_for_every_verb(
    api_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]
) -> None:
    with client_for(api_server, demo_env["GLOBEX_ADMIN_TOKEN"]) as victim:
        customer = victim.get("/api/v1/customers").json()["data"][0]
        invoice = victim.get("/api/v1/invoices").json()["data"][0]
    with client_for(api_server, demo_env["ACME_ADMIN_TOKEN"]) as attacker:
        responses = [
            attacker.get(f"/api/v1/customers/{customer['id']}"),
            attacker.patch(f"/api/v1/customers/{customer['id']}", json={"name": "Taken over"}),
            attacker.delete(f"/api/v1/customers/{customer['id']}"),
            attacker.get(f"/api/v1/invoices/{invoice['id']}"),
            attacker.patch(f"/api/v1/invoices/{invoice['id']}", json={"amount": 1}),
            attacker.post(f"/api/v1/invoices/{invoice['id']}/void"),
        ]
    assert [r.status_code for r in responses] == [404] * len(responses)
    assert all(r.json()["message"] for r in responses)
    with client_for(api_server, demo_env["GLOBEX_ADMIN_TOKEN"]) as victim:
        assert victim.get(f"/api/v1/customers/{customer['id']}").json() == customer


def test_uuid_ids_dialect_uses_uuid_strings_everywhere(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    import uuid

    with start_api(ids="uuid") as server, client_for(server, demo_env["ACME_ADMIN_TOKEN"]) as client:
        me = client.get("/api/v1/me").json()
        customer = client.get("/api/v1/customers").json()["data"][0]
        by_int = client.get("/api/v1/customers/1")
        globex_id = server.ctx.team_ids["globex"]
        with client_for(server, demo_env["CONSULTANT_TOKEN"], **{"X-Team-Id": globex_id}) as consultant:
            switched = consultant.get("/api/v1/me").json()
    for value in (me["user"]["id"], me["team"]["id"], customer["id"], customer["team_id"]):
        assert uuid.UUID(value).version == 4
    assert by_int.status_code == 404
    assert (switched["team"]["id"], switched["roles"]) == (globex_id, ["viewer"])
