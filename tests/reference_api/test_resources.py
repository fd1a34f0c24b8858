"""Customers, invoices, members and team: CRUD, pagination, filters, Laravel error shapes, events."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from reference_api.events import DomainEvent
from reference_api.server import BackgroundServer

pytestmark = pytest.mark.slow


@pytest.fixture()
def acme(api_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]) -> Any:
    with client_for(api_server, demo_env["ACME_ADMIN_TOKEN"]) as client:
        yield client


@pytest.fixture()
def published(api_server: BackgroundServer) -> list[DomainEvent]:
    events: list[DomainEvent] = []
    api_server.ctx.bus.subscribe(events.append)
    return events


def test_customer_lifecycle_publishes_an_event_per_change(acme: Any, published: list[DomainEvent]) -> None:
    created = acme.post("/api/v1/customers", json={"name": "Lifecycle Ltd", "email": "life@cycle.example"})
    assert created.status_code == 201
    customer = created.json()
    assert customer["notes"] is None and customer["team_id"] == acme.get("/api/v1/team").json()["id"]
    updated = acme.patch(f"/api/v1/customers/{customer['id']}", json={"notes": "VIP"})
    assert updated.json()["notes"] == "VIP"
    assert acme.delete(f"/api/v1/customers/{customer['id']}").status_code == 204
    assert acme.get(f"/api/v1/customers/{customer['id']}").status_code == 404
    names = [e.name for e in published if e.data.get("id") == customer["id"]]
    assert names == ["customer.created", "customer.updated", "customer.deleted"]


def test_customer_list_paginates_and_counts(acme: Any) -> None:
    page = acme.get("/api/v1/customers", params={"per_page": 2, "page": 2}).json()
    assert page["meta"]["per_page"] == 2 and page["meta"]["page"] == 2
    assert page["meta"]["total"] >= 3
    assert len(page["data"]) == min(2, page["meta"]["total"] - 2)


def test_customer_search_matches_name_or_email_within_the_team_only(acme: Any) -> None:
    by_name = acme.get("/api/v1/customers", params={"search": "coyote"}).json()["data"]
    by_email = acme.get("/api/v1/customers", params={"search": "roadrunner"}).json()["data"]
    other_team = acme.get("/api/v1/customers", params={"search": "globex-partners"}).json()["data"]
    wildcard = acme.get("/api/v1/customers", params={"search": "%"}).json()["data"]
    assert [c["name"] for c in by_name] == ["Wile E. Coyote"]
    assert [c["name"] for c in by_email] == ["Road Runner Logistics"]
    assert other_team == [] and wildcard == []


@pytest.mark.parametrize(
    ("params", "field"),
    [({"page": "0"}, "page"), ({"per_page": "101"}, "per_page"), ({"page": "x"}, "page")],
)
def test_bad_paging_is_422_naming_the_field(acme: Any, params: dict[str, str], field: str) -> None:
    response = acme.get("/api/v1/customers", params=params)
    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_invalid_body_is_laravel_422_with_every_field(acme: Any) -> None:
    response = acme.post("/api/v1/customers", json={"email": "not-an-email", "team_id": 2})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == {
        "name": ["The name field is required."],
        "email": ["The email field must be a valid email address."],
        "team_id": ["The team_id field is prohibited."],
    }
    assert body["message"] == "The name field is required. (and 2 more errors)"


# Generated bodies a run once sent (non-ASCII keys, a member named ""): every unexpected member is
# named in `errors`, under its own name, the empty one included, with a message a person can read.
GENERATED_KEYS = {"z\u00e7\u00c0\U00028c0b\u00f6": {}, "m\u00f0": {}, "\u0084": [], "": {"q\u0006": {}}}


@pytest.mark.parametrize(
    ("method", "path", "required"),
    [
        ("POST", "/api/v1/customers", {"name", "email"}),
        ("POST", "/api/v1/invoices", {"customer_id", "amount", "due_date"}),
        ("PATCH", "/api/v1/me", {"name"}),
    ],
)
def test_every_unexpected_member_of_a_generated_body_is_named_in_errors(
    acme: Any, method: str, path: str, required: set[str]
) -> None:
    response = acme.request(method, path, json=GENERATED_KEYS)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == required | set(GENERATED_KEYS)
    assert errors[""] == ['The field named "" is prohibited.']
    assert errors["m\u00f0"] == ["The m\u00f0 field is prohibited."]
    assert response.json()["message"].startswith("The ")


def test_invoice_takes_team_currency_and_renders_issue_time_in_team_timezone(acme: Any) -> None:
    customer = acme.get("/api/v1/customers").json()["data"][0]
    body = {"customer_id": customer["id"], "amount": 1999, "due_date": "2026-12-31"}
    invoice = acme.post("/api/v1/invoices", json=body).json()
    assert (invoice["currency"], invoice["status"], invoice["amount"]) == ("USD", "draft", 1999)
    issued = datetime.fromisoformat(invoice["issued_at"])
    assert issued.utcoffset() is not None and issued.utcoffset().total_seconds() in (-5 * 3600, -4 * 3600)


def test_invoice_for_unknown_customer_is_404(acme: Any) -> None:
    response = acme.post(
        "/api/v1/invoices", json={"customer_id": 999999, "amount": 1, "due_date": "2026-12-31"}
    )
    assert response.status_code == 404
    assert response.json() == {"message": "Customer not found."}


def test_invoice_filters_by_status_and_customer(acme: Any) -> None:
    paid = acme.get("/api/v1/invoices", params={"status": "paid"}).json()["data"]
    assert paid and all(i["status"] == "paid" for i in paid)
    customer_id = paid[0]["customer_id"]
    mine = acme.get("/api/v1/invoices", params={"customer_id": customer_id}).json()["data"]
    assert mine and all(i["customer_id"] == customer_id for i in mine)
    assert acme.get("/api/v1/invoices", params={"status": "lost"}).status_code == 422


def test_void_is_idempotent_and_refuses_paid_invoices(acme: Any, published: list[DomainEvent]) -> None:
    customer = acme.get("/api/v1/customers").json()["data"][0]
    draft = acme.post(
        "/api/v1/invoices", json={"customer_id": customer["id"], "amount": 5, "due_date": "2027-01-01"}
    ).json()
    first = acme.post(f"/api/v1/invoices/{draft['id']}/void")
    second = acme.post(f"/api/v1/invoices/{draft['id']}/void")
    assert (first.json()["status"], second.status_code) == ("void", 200)
    assert [e.name for e in published if e.data.get("id") == draft["id"]] == [
        "invoice.created",
        "invoice.voided",
    ]
    assert acme.patch(f"/api/v1/invoices/{draft['id']}", json={"amount": 7}).status_code == 409
    paid = acme.get("/api/v1/invoices", params={"status": "paid"}).json()["data"][0]
    assert acme.post(f"/api/v1/invoices/{paid['id']}/void").status_code == 409


@pytest.mark.parametrize(
    ("token_env", "method", "path", "permission"),
    [
        ("ACME_VIEWER_TOKEN", "post", "/api/v1/customers", "customers.create"),
        ("ACME_MEMBER_TOKEN", "delete", "/api/v1/customers/1", "customers.delete"),
        ("ACME_BILLING_TOKEN", "post", "/api/v1/invoices", "invoices.create"),
        ("ACME_MEMBER_TOKEN", "post", "/api/v1/invoices/1/void", "invoices.void"),
        ("ACME_MANAGER_TOKEN", "patch", "/api/v1/team", "team.update"),
        ("ACME_VIEWER_TOKEN", "get", "/api/v1/members", "members.view"),
    ],
)
def test_lacking_permission_is_403_naming_it(
    api_server: BackgroundServer,
    client_for: Any,
    demo_env: dict[str, str],
    token_env: str,
    method: str,
    path: str,
    permission: str,
) -> None:
    with client_for(api_server, demo_env[token_env]) as client:
        response = client.request(method.upper(), path, json={})
    assert response.status_code == 403
    assert response.json() == {"message": "This action is unauthorized.", "required_permission": permission}


def _members(client: Any) -> dict[str, dict[str, Any]]:
    return {m["email"].split("@")[0]: m for m in client.get("/api/v1/members").json()["data"]}


def test_member_role_rules(api_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]) -> None:
    with client_for(api_server, demo_env["INITECH_MANAGER_TOKEN"]) as manager:
        members = _members(manager)
        grant_admin = manager.patch(f"/api/v1/members/{members['probe']['id']}", json={"role": "admin"})
        touch_admin = manager.patch(f"/api/v1/members/{members['admin']['id']}", json={"role": "viewer"})
        own = manager.patch(f"/api/v1/members/{members['manager']['id']}", json={"role": "viewer"})
        promote = manager.patch(f"/api/v1/members/{members['probe']['id']}", json={"role": "member"})
        restore = manager.patch(f"/api/v1/members/{members['probe']['id']}", json={"role": "viewer"})
    assert [grant_admin.status_code, touch_admin.status_code, own.status_code] == [403, 403, 403]
    assert promote.json()["role"] == "member" and restore.status_code == 200


def test_team_update_validates_currency_and_timezone(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api() as server, client_for(server, demo_env["GLOBEX_ADMIN_TOKEN"]) as admin:
        bad = admin.patch("/api/v1/team", json={"currency": "EURO", "timezone": "Mars/Olympus"})
        good = admin.patch("/api/v1/team", json={"timezone": "Europe/Paris"})
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"currency", "timezone"}
    assert good.json()["timezone"] == "Europe/Paris"
