"""The clean build in the path dialect: routes under ``/api/v1/orgs/{org}``, members only, one 404 for
a non-member and a non-existent organisation, each organisation judged with the role held there."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from reference_api.server import BackgroundServer
from reference_api.settings import Settings
from reference_api.tenancy import ORG_PREFIX

pytestmark = pytest.mark.slow

METHODS = ("get", "post", "patch", "put", "delete")
# Headers that differ between any two responses, whatever they answer.
VOLATILE = {"x-request-id", "date", "x-ratelimit-remaining", "x-ratelimit-limit"}


@pytest.fixture(scope="module")
def path_server() -> Iterator[BackgroundServer]:
    with BackgroundServer(Settings(tenancy="path", sse=True, rate_limit=(100_000, 60))) as server:
        yield server


@pytest.fixture(scope="module")
def spec(path_server: BackgroundServer) -> dict[str, Any]:
    document: dict[str, Any] = httpx.get(f"{path_server.url}/api/v1/openapi.json").json()
    return document


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(p, m, op) for p, item in spec["paths"].items() for m, op in item.items() if m in METHODS]


def test_spec_is_valid_and_every_scoped_operation_takes_the_org(spec: dict[str, Any]) -> None:
    validate(spec)
    scoped = [(p, m, op) for p, m, op in _operations(spec) if p.startswith(ORG_PREFIX)]
    assert len(scoped) >= 18  # core, webhooks and the event stream
    for path, method, operation in scoped:
        assert path.startswith("/api/v1/orgs/{org}/"), path
        names = [p["name"] for p in spec["paths"][path]["parameters"] if p["in"] == "path"]
        assert names[0] == "org", f"{method} {path}"
        assert "404" in operation["responses"], f"{method} {path}"
    unscoped = {p for p, _, _ in _operations(spec) if not p.startswith(ORG_PREFIX)}
    assert unscoped == {"/up", "/api/v1/me", "/api/v1/payments/{team_id}/events", "/broadcasting/auth"}
    assert "x-tenant-header" not in spec


def test_links_carry_the_org_on_to_the_linked_operation(spec: dict[str, Any]) -> None:
    created = spec["paths"]["/api/v1/orgs/{org}/customers"]["post"]["responses"]["201"]["links"]
    assert created and all(link["parameters"]["org"] == "$request.path.org" for link in created.values())


def test_me_lists_memberships_as_org_and_role(
    path_server: BackgroundServer, client_for: Any, demo_env: Any
) -> None:
    with client_for(path_server, demo_env["CONSULTANT_TOKEN"]) as consultant:
        me = consultant.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["memberships"] == [
        {"org": "acme", "role": "member"},
        {"org": "globex", "role": "viewer"},
    ]
    assert set(me.json()) == {"user", "memberships"}


def test_a_member_works_in_its_own_org_and_the_team_is_its_baseline(
    path_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]
) -> None:
    with client_for(path_server, demo_env["GLOBEX_VIEWER_TOKEN"]) as viewer:
        team = viewer.get("/api/v1/team")
        customers = viewer.get("/api/v1/customers")
    assert team.request.url.path == "/api/v1/orgs/globex/team"
    assert (team.json()["slug"], team.json()["currency"], team.json()["timezone"]) == (
        "globex",
        "EUR",
        "Europe/Berlin",
    )
    assert {c["team_id"] for c in customers.json()["data"]} == {team.json()["id"]}


def test_a_multi_org_user_acts_with_the_role_held_in_the_path_org(
    path_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]
) -> None:
    body = {"name": "Consultant's pick", "email": "pick@example.test"}
    with client_for(path_server, demo_env["CONSULTANT_TOKEN"], org="acme") as in_acme:
        created = in_acme.post("/api/v1/customers", json=body)
        assert in_acme.delete(f"/api/v1/customers/{created.json()['id']}").status_code == 403
    with client_for(path_server, demo_env["CONSULTANT_TOKEN"], org="globex") as in_globex:
        refused = in_globex.post("/api/v1/customers", json=body)
        readable = in_globex.get("/api/v1/customers")
    assert created.status_code == 201  # member in acme
    assert refused.status_code == 403 and refused.json()["required_permission"] == "customers.create"
    assert readable.status_code == 200  # viewer in globex


def _comparable(response: httpx.Response) -> tuple[int, bytes, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k not in VOLATILE}
    return response.status_code, response.content, headers


def test_a_foreign_org_and_a_made_up_org_answer_alike_on_every_operation(
    path_server: BackgroundServer, spec: dict[str, Any], demo_env: dict[str, str]
) -> None:
    """No existence oracle: byte-identical answers, whatever the operation and its permission."""
    token = {"Authorization": f"Bearer {demo_env['ACME_ADMIN_TOKEN']}"}
    compared = 0
    with httpx.Client(base_url=path_server.url, headers=token, timeout=10) as admin:
        for path, method, _ in _operations(spec):
            if not path.startswith(ORG_PREFIX):
                continue
            concrete = path.replace("{customer_id}", "1").replace("{invoice_id}", "1")
            concrete = concrete.replace("{member_id}", "1").replace("{webhook_id}", "1")
            foreign = admin.request(method.upper(), concrete.format(org="globex"), json={})
            made_up = admin.request(method.upper(), concrete.format(org="tp-no-such-org"), json={})
            assert foreign.status_code == 404, f"{method} {path}"
            assert _comparable(foreign) == _comparable(made_up), f"{method} {path}"
            compared += 1
    assert compared >= 18


def test_without_credentials_every_org_answers_401_alike(path_server: BackgroundServer) -> None:
    with httpx.Client(base_url=path_server.url, timeout=10) as anonymous:
        known, made_up = (
            _comparable(anonymous.get(f"{ORG_PREFIX}{org}/customers")) for org in ("acme", "nope")
        )
    assert known == made_up and known[0] == 401


@pytest.mark.parametrize(
    "path",
    ["/api/v1/customers", "/api/v1/team", "/api/v1/orgs/acme/me", "/api/v1/orgs/acme", "/api/v1/orgs"],
)
def test_routes_outside_the_dialect_do_not_exist(
    path_server: BackgroundServer, client_for: Any, demo_env: dict[str, str], path: str
) -> None:
    token = {"Authorization": f"Bearer {demo_env['ACME_ADMIN_TOKEN']}"}
    response = httpx.get(path_server.url + path, headers=token)
    assert response.status_code == 404 and response.json() == {"message": "Not found."}
    assert response.headers["x-request-id"]


def test_the_team_header_selects_nothing_in_the_path_dialect(
    path_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]
) -> None:
    globex_id = str(path_server.ctx.team_ids["globex"])
    with client_for(path_server, demo_env["CONSULTANT_TOKEN"], org="acme", **{"X-Team-Id": globex_id}) as c:
        team = c.get("/api/v1/team").json()
    assert team["slug"] == "acme"


def test_the_server_counts_the_orgs_asked_for_and_logs_each(
    start_api: Any, client_for: Any, demo_env: dict[str, str], capfd: pytest.CaptureFixture[str]
) -> None:
    with start_api(tenancy="path") as server:
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as acme:
            acme.get("/api/v1/customers")
            acme.get("/api/v1/customers/1")
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"], org="tp-made-up") as lost:
            lost.get("/api/v1/customers")
        counted = dict(server.ctx.extras["requests_by_org"])
    assert counted == {"acme": 2, "tp-made-up": 1}
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")]
    shown = [(line["org"], line["route"], line["status"]) for line in lines if "org" in line]
    assert shown == [
        ("acme", "/api/v1/orgs/{org}/customers", 200),
        ("acme", "/api/v1/orgs/{org}/customers/{customer_id}", 200),
        ("tp-made-up", "/api/v1/orgs/{org}/customers", 404),
    ]
