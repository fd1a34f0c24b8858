"""``--style laravel`` and its axes: the spec says it, the clean build does what its spec says."""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from standardwebhooks import Webhook

from reference_api.demo_config import write_demo_config
from reference_api.seed import plan_teams
from reference_api.style import STYLES, Style, add_style_arguments, style_from_args
from reference_api.webhooks.receiver import Receiver
from reference_api.webhooks.signing import stripe_signature_header
from tenantprobe.core.config import load_config

LARAVEL = STYLES["laravel"]
ITEMS = replace(LARAVEL, envelope="items")


def _parse(*argv: str) -> Style:
    parser = argparse.ArgumentParser()
    add_style_arguments(parser)
    return style_from_args(parser.parse_args(argv))


def test_style_flags_bundle_the_axes_and_each_axis_flag_wins() -> None:
    assert _parse() == Style()
    assert _parse("--style", "laravel") == LARAVEL
    assert _parse("--style", "laravel", "--envelope", "none") == replace(LARAVEL, envelope="none")
    assert _parse("--schemas", "refs") == Style(schemas="refs")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("style", "dialects"),
    [
        (LARAVEL, {}),
        (LARAVEL, {"auth": "api-key", "ids": "uuid", "ratelimit_headers": "ietf", "signature": "stripe"}),
        (ITEMS, {"ids": "uuid"}),
        (Style(schemas="refs"), {}),
        (Style(servers="relative"), {}),
        (Style(envelope="data"), {"ratelimit_headers": "github"}),
    ],
    ids=["laravel", "laravel-api-key-uuid-ietf-stripe", "items", "refs-alone", "servers-alone", "data-alone"],
)
def test_the_spec_is_valid_openapi_in_each_axis_alone_and_together(
    start_api: Any, client_for: Any, style: Style, dialects: dict[str, str]
) -> None:
    with start_api(style=style, **dialects) as server, client_for(server) as client:
        spec = client.get("/api/v1/openapi.json").json()
    validate(spec)
    relative = style.servers == "relative"
    assert spec["servers"][0]["url"] == ("/api/v1" if relative else "/")
    assert ("/customers" in spec["paths"]) is relative and (
        "/api/v1/customers" in spec["paths"]
    ) is not relative


@pytest.mark.slow
def test_the_laravel_spec_says_where_each_thing_is(start_api: Any, client_for: Any) -> None:
    with start_api(style=LARAVEL) as server, client_for(server) as client:
        spec = client.get("/api/v1/openapi.json").json()
    paths, schemas = spec["paths"], spec["components"]["schemas"]
    assert paths["/up"]["servers"] == [{"url": "/"}] and paths["/broadcasting/auth"]["servers"] == [
        {"url": "/"}
    ]
    # enums behind $ref
    assert schemas["MemberUpdate"]["properties"]["role"] == {"$ref": "#/components/schemas/RoleName"}
    assert schemas["Member"]["properties"]["role"] == {"$ref": "#/components/schemas/RoleName"}
    assert schemas["RoleName"]["enum"] == ["admin", "manager", "member", "viewer", "billing"]
    assert schemas["Team"]["properties"]["currency"] == {"$ref": "#/components/schemas/Currency"}
    # the envelope is in the response schemas, and links read inside it
    created = paths["/customers"]["post"]["responses"]["201"]
    assert created["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CustomerResource"
    }
    assert schemas["CustomerResource"]["properties"]["data"] == {"$ref": "#/components/schemas/Customer"}
    assert created["links"]["ShowCustomer"]["parameters"] == {"customer_id": "$response.body#/data/id"}
    listing = schemas["CustomerList"]["allOf"]
    assert listing[0] == {"$ref": "#/components/schemas/PaginatedCollection"}
    assert listing[1]["properties"]["data"]["items"] == {"$ref": "#/components/schemas/Customer"}
    # the inbound callback names its team by header; the registration returns no secret
    inbound = paths["/payments/events"]["post"]
    assert {"name": "X-Team-Id", "in": "header", "required": True} == {
        key: value for key, value in inbound["parameters"][0].items() if key in ("name", "in", "required")
    }
    assert "/payments/{team_id}/events" not in paths and "WebhookCreated" not in schemas
    registered = paths["/webhooks"]["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert registered == {"$ref": "#/components/schemas/WebhookResource"}
    assert "secret" not in schemas["Webhook"]["properties"]
    assert spec["x-webhook-signature"]["secret"] == "per-tenant, out of band"


def _tour(admin: Any, member: Any) -> list[tuple[str, str, Any]]:
    """Every resource operation once, as a non-admin where it may, as the admin otherwise."""
    seen: list[tuple[str, str, Any]] = []

    def call(client: Any, method: str, spec_path: str, url: str, **kwargs: Any) -> Any:
        response = client.request(method, url, **kwargs)
        seen.append((method.lower(), spec_path, response))
        return response

    for path in ("/me", "/team", "/customers", "/invoices", "/members"):
        call(member, "GET", path, f"/api/v1{path}")
    call(member, "GET", "/customers", "/api/v1/customers", params={"page": 9, "per_page": 2})
    body = {"name": "Tour Ltd", "email": "tour@example.test"}
    customer = call(member, "POST", "/customers", "/api/v1/customers", json=body).json()["data"]
    one = f"/api/v1/customers/{customer['id']}"
    call(member, "GET", "/customers/{customer_id}", one)
    call(member, "PATCH", "/customers/{customer_id}", one, json={"notes": "toured"})
    invoice_body = {"customer_id": customer["id"], "amount": 100, "due_date": "2031-01-01"}
    invoice = call(member, "POST", "/invoices", "/api/v1/invoices", json=invoice_body).json()["data"]
    call(member, "GET", "/invoices/{invoice_id}", f"/api/v1/invoices/{invoice['id']}")
    call(admin, "PATCH", "/invoices/{invoice_id}", f"/api/v1/invoices/{invoice['id']}", json={"amount": 5})
    call(admin, "POST", "/invoices/{invoice_id}/void", f"/api/v1/invoices/{invoice['id']}/void")
    call(admin, "DELETE", "/customers/{customer_id}", one)
    call(member, "GET", "/customers/{customer_id}", one)
    hook_body = {"url": "http://127.0.0.1:9/hook", "events": ["customer.created"]}
    hook = call(admin, "POST", "/webhooks", "/api/v1/webhooks", json=hook_body).json()["data"]
    for path in ("/webhooks/{webhook_id}", "/webhooks/{webhook_id}/deliveries"):
        call(admin, "GET", path, "/api/v1" + path.replace("{webhook_id}", str(hook["id"])))
    call(admin, "GET", "/webhooks", "/api/v1/webhooks")
    call(admin, "DELETE", "/webhooks/{webhook_id}", f"/api/v1/webhooks/{hook['id']}")
    return seen


@pytest.mark.slow
@pytest.mark.parametrize("ids", ["int", "uuid"])
def test_every_response_of_a_tour_matches_its_documented_schema(
    start_api: Any, client_for: Any, demo_env: dict[str, str], schema_validator: Any, ids: str
) -> None:
    with start_api(style=LARAVEL, ids=ids) as server:
        with (
            client_for(server, demo_env["ACME_ADMIN_TOKEN"]) as admin,
            client_for(server, demo_env["ACME_MEMBER_TOKEN"]) as member,
        ):
            spec = admin.get("/api/v1/openapi.json").json()
            seen = _tour(admin, member)
    assert len(seen) == 20
    for method, path, response in seen:
        documented = spec["paths"][path][method]["responses"]
        assert str(response.status_code) in documented, f"{method} {path}: {response.status_code}"
        content = documented[str(response.status_code)].get("content")
        if content is None:
            assert response.content == b"", f"{method} {path}"
            continue
        validator = schema_validator(spec, content["application/json"]["schema"])
        problems = [error.message for error in validator.iter_errors(response.json())]
        assert not problems, f"{method} {path}: {problems}"


@pytest.mark.slow
def test_laravel_pagination_links_walk_every_page(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(style=LARAVEL) as server, client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
        pages = [viewer.get("/api/v1/customers", params={"per_page": 2}).json()]
        while (url := pages[-1]["links"]["next"]) is not None and len(pages) < 5:
            pages.append(viewer.get(url).json())
    assert [len(page["data"]) for page in pages] == [2, 1]
    assert [(p["meta"]["from"], p["meta"]["to"], p["meta"]["total"]) for p in pages] == [(1, 2, 3), (3, 3, 3)]
    assert pages[1]["links"]["prev"] == pages[0]["links"]["first"] and pages[0]["meta"]["last_page"] == 2


@pytest.mark.slow
def test_items_envelope_cursor_walks_every_page(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(style=ITEMS) as server, client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
        pages = [viewer.get("/api/v1/invoices", params={"per_page": 2}).json()]
        while (cursor := pages[-1]["next_cursor"]) is not None and len(pages) < 5:
            pages.append(viewer.get("/api/v1/invoices", params={"per_page": 2, "cursor": cursor}).json())
        single = viewer.get(f"/api/v1/invoices/{pages[0]['items'][0]['id']}").json()
    assert [len(page["items"]) for page in pages] == [2, 1]
    assert set(pages[0]) == {"items", "next_cursor"} and single["id"] == pages[0]["items"][0]["id"]


def _paid_event(invoice_id: Any) -> bytes:
    return json.dumps(
        {"id": f"evt_{time.time_ns()}", "type": "invoice.paid", "data": {"invoice_id": invoice_id}}
    ).encode()


@pytest.mark.slow
def test_the_payment_callback_names_its_team_by_header_and_is_refused_without_it(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(style=LARAVEL) as server, client_for(server) as provider:
        team_id = server.ctx.team_ids["acme"]
        sql = "SELECT id FROM invoices WHERE team_id = ? AND status = 'open' ORDER BY rowid LIMIT 1"
        invoice_id = server.ctx.db.scalar(sql, (team_id,))
        body = _paid_event(invoice_id)
        signed = {"Stripe-Signature": stripe_signature_header(demo_env["ACME_PAYMENT_SECRET"], body)}
        without = provider.post("/api/v1/payments/events", content=body, headers=signed)
        unsigned_unknown = provider.post(
            "/api/v1/payments/events", content=body, headers={"X-Team-Id": "999999"}
        )
        status_after_refusal = server.ctx.db.scalar("SELECT status FROM invoices WHERE id = ?", (invoice_id,))
        old_path = provider.post(f"/api/v1/payments/{team_id}/events", content=body, headers=signed)
        other = provider.post(
            "/api/v1/payments/events",
            content=body,
            headers={**signed, "X-Team-Id": str(server.ctx.team_ids["globex"])},
        )
        genuine = provider.post(
            "/api/v1/payments/events", content=body, headers={**signed, "X-Team-Id": str(team_id)}
        )
        status = server.ctx.db.scalar("SELECT status FROM invoices WHERE id = ?", (invoice_id,))
    assert without.status_code == 422 and "X-Team-Id" in without.json()["errors"]
    assert status_after_refusal == "open" and old_path.status_code == 404
    assert unsigned_unknown.status_code == 401, "unsigned: refused before revealing whether the team exists"
    assert other.status_code == 401, "signed with acme's secret, so globex's secret does not verify"
    assert genuine.status_code == 200 and genuine.json()["changed"] is True and status == "paid"


@pytest.mark.slow
def test_outbound_deliveries_are_signed_with_the_teams_out_of_band_secret(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    assert demo_env["ACME_WEBHOOK_SECRET"] != demo_env["GLOBEX_WEBHOOK_SECRET"]
    with start_api(style=LARAVEL) as server, Receiver() as receiver:
        with client_for(server, demo_env["ACME_ADMIN_TOKEN"]) as admin:
            registered = admin.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["*"]})
            admin.post("/api/v1/customers", json={"name": "Signed Ltd", "email": "signed@example.test"})
            [delivery] = receiver.wait_for(1)
    assert registered.status_code == 201 and "secret" not in registered.json()["data"]
    payload = Webhook(demo_env["ACME_WEBHOOK_SECRET"]).verify(delivery.body, delivery.headers)
    assert payload["type"] == "customer.created" and payload["data"]["name"] == "Signed Ltd"


EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "laravel" / "tenants.yaml"


def test_the_laravel_example_is_a_valid_tenants_yaml_and_demo_config_scales_it(tmp_path: Path) -> None:
    config = load_config(EXAMPLE, env={})
    assert config.target.embedded_args[:2] == ("--style", "laravel")
    write_demo_config(4, str(tmp_path), str(EXAMPLE))
    document = yaml.safe_load((tmp_path / "tenants.yaml").read_text())
    env = (tmp_path / "demo.env").read_text()
    assert document["webhooks"]["secrets"]["tenant04"] == "${TENANT04_WEBHOOK_SECRET}"
    assert document["tenants"]["tenant04"]["baseline"]["/data/team/currency"]
    assert f"TENANT04_WEBHOOK_SECRET='{plan_teams(4)[3].webhook_secret}'" in env
    assert len(load_config(tmp_path / "tenants.yaml", env={}).tenants) == 4
