"""`/api/v1/webhooks…`: CRUD under webhooks.manage, the secret shown once, team scoping, validation."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

HOOK = {"url": "http://127.0.0.1:9/hook", "events": ["customer.created", "invoice.paid"]}


@pytest.fixture
def acme_admin(api_server, client_for, demo_env):
    with client_for(api_server, demo_env["ACME_ADMIN_TOKEN"]) as client:
        yield client


@pytest.fixture
def created(acme_admin):
    response = acme_admin.post("/api/v1/webhooks", json=HOOK)
    assert response.status_code == 201, response.text
    hook = response.json()
    yield hook
    acme_admin.delete(f"/api/v1/webhooks/{hook['id']}")


def test_creation_returns_the_endpoint_with_its_secret_once(acme_admin, created, api_server):
    assert created["url"] == HOOK["url"] and created["events"] == HOOK["events"]
    assert created["team_id"] == api_server.ctx.team_ids["acme"]
    assert created["secret"].startswith("whsec_")
    shown = acme_admin.get(f"/api/v1/webhooks/{created['id']}").json()
    listed = acme_admin.get("/api/v1/webhooks").json()["data"]
    assert "secret" not in shown and all("secret" not in hook for hook in listed)
    assert created["id"] in [hook["id"] for hook in listed]


def test_delete_removes_the_endpoint(acme_admin):
    hook = acme_admin.post("/api/v1/webhooks", json=HOOK).json()
    assert acme_admin.delete(f"/api/v1/webhooks/{hook['id']}").status_code == 204
    assert acme_admin.get(f"/api/v1/webhooks/{hook['id']}").status_code == 404


@pytest.mark.parametrize("token", ["ACME_MANAGER_TOKEN"])
def test_managers_may_manage_webhooks(api_server, client_for, demo_env, token):
    with client_for(api_server, demo_env[token]) as manager:
        assert manager.get("/api/v1/webhooks").status_code == 200


@pytest.mark.parametrize("token", ["ACME_MEMBER_TOKEN", "ACME_VIEWER_TOKEN", "ACME_BILLING_TOKEN"])
def test_roles_without_webhooks_manage_get_403_naming_the_permission(api_server, client_for, demo_env, token):
    with client_for(api_server, demo_env[token]) as client:
        for response in (client.get("/api/v1/webhooks"), client.post("/api/v1/webhooks", json=HOOK)):
            assert response.status_code == 403
            assert response.json()["required_permission"] == "webhooks.manage"


def test_missing_credentials_get_401(api_server, client_for):
    with client_for(api_server) as anonymous:
        response = anonymous.get("/api/v1/webhooks")
    assert response.status_code == 401 and response.json() == {"message": "Unauthenticated."}


def test_another_teams_endpoint_is_404_for_read_delete_and_log(api_server, client_for, demo_env, created):
    with client_for(api_server, demo_env["GLOBEX_ADMIN_TOKEN"]) as globex:
        for path in (f"/api/v1/webhooks/{created['id']}", f"/api/v1/webhooks/{created['id']}/deliveries"):
            assert globex.get(path).status_code == 404
        assert globex.delete(f"/api/v1/webhooks/{created['id']}").status_code == 404
        assert created["id"] not in [hook["id"] for hook in globex.get("/api/v1/webhooks").json()["data"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"events": ["*"]}, "url"),
        ({"url": "ftp://example.test/x", "events": ["*"]}, "url"),
        ({"url": "http://127.0.0.1:9/x"}, "events"),
        ({"url": "http://127.0.0.1:9/x", "events": []}, "events"),
        ({"url": "http://127.0.0.1:9/x", "events": ["customer.exploded"]}, "events"),
        ({**HOOK, "team_id": 2}, "team_id"),
        ({**HOOK, "secret": "mine"}, "secret"),
        ({"url": "https://example.com/hook", "events": ["*"]}, "url"),
    ],
)
def test_invalid_bodies_get_422_naming_the_field(acme_admin, body, field):
    response = acme_admin.post("/api/v1/webhooks", json=body)
    assert response.status_code == 422
    fields = {key.split(".")[0] for key in response.json()["errors"]}
    assert field in fields and response.json()["message"]


def test_a_body_that_is_not_a_json_object_gets_422(acme_admin):
    headers = {"Content-Type": "application/json"}
    response = acme_admin.post("/api/v1/webhooks", content=b"[1, 2", headers=headers)
    assert response.status_code == 422 and "body" in response.json()["errors"]


@pytest.mark.parametrize("webhook_id", ["0", "abc", "99999999999999999999999"])
def test_malformed_or_unknown_ids_are_404(acme_admin, webhook_id):
    assert acme_admin.get(f"/api/v1/webhooks/{webhook_id}").status_code == 404


def test_deliveries_paging_is_validated(acme_admin, created):
    path = f"/api/v1/webhooks/{created['id']}/deliveries"
    assert acme_admin.get(path, params={"per_page": 101}).status_code == 422
    assert acme_admin.get(path, params={"page": 0}).status_code == 422
    assert acme_admin.get(path).json() == {"data": [], "meta": {"page": 1, "per_page": 15, "total": 0}}
