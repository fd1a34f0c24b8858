"""Each scoping defect shows the cross-tenant behaviour its docstring claims, in every style and in
both tenancy dialects.

The clean build's refusals are in test_health_me_and_tenancy.py and test_path_tenancy.py; the
path dialect's own defects in test_defects_path_tenancy.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(params=["header", "path"])
def tenancy(request: pytest.FixtureRequest) -> str:
    """Every test here runs in both dialects (``client_for`` sends paths under the token's org)."""
    param: str = request.param
    return param


@pytest.fixture()
def defective(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], request: pytest.FixtureRequest
) -> Iterator[Any]:
    """(server, acme admin client, globex admin client) with the defect named by the test's param,
    once per style."""
    with start_styled_api(defects={request.param}) as server:
        with (
            client_for(server, demo_env["ACME_ADMIN_TOKEN"]) as acme,
            client_for(server, demo_env["GLOBEX_ADMIN_TOKEN"]) as globex,
        ):
            yield server, acme, globex


def _first(client: Any, path: str) -> dict[str, Any]:
    data: list[dict[str, Any]] = client.get(path).json()["data"]
    return data[0]


@pytest.mark.parametrize("defective", ["cross_tenant_read_by_id"], indirect=True)
def test_cross_tenant_read_by_id_returns_the_other_teams_invoice(defective: Any, unwrap: Any) -> None:
    server, acme, globex = defective
    victim = _first(globex, "/api/v1/invoices")
    response = acme.get(f"/api/v1/invoices/{victim['id']}")
    assert response.status_code == 200 and unwrap(server, response)["team_id"] == victim["team_id"]


@pytest.mark.parametrize("defective", ["cross_tenant_update_by_id"], indirect=True)
def test_cross_tenant_update_by_id_changes_the_other_teams_customer(defective: Any, unwrap: Any) -> None:
    server, acme, globex = defective
    victim = _first(globex, "/api/v1/customers")
    assert acme.patch(f"/api/v1/customers/{victim['id']}", json={"name": "Owned by acme"}).status_code == 200
    assert unwrap(server, globex.get(f"/api/v1/customers/{victim['id']}"))["name"] == "Owned by acme"


@pytest.mark.parametrize("defective", ["cross_tenant_delete_by_id"], indirect=True)
def test_cross_tenant_delete_by_id_deletes_the_other_teams_customer(defective: Any) -> None:
    _, acme, globex = defective
    victim = _first(globex, "/api/v1/customers")
    assert acme.delete(f"/api/v1/customers/{victim['id']}").status_code == 204
    assert globex.get(f"/api/v1/customers/{victim['id']}").status_code == 404


@pytest.mark.parametrize("defective", ["search_or_clause_leaks_rows"], indirect=True)
def test_search_or_clause_leaks_other_teams_rows_matching_by_email(defective: Any, unwrap: Any) -> None:
    server, acme, _ = defective
    leaked = acme.get("/api/v1/customers", params={"search": "globex-partners"}).json()["data"]
    assert [c["name"] for c in leaked] == ["Hank Scorpio"]
    own_team_id = unwrap(server, acme.get("/api/v1/team"))["id"]
    assert leaked[0]["team_id"] != own_team_id


@pytest.mark.parametrize("defective", ["invoice_customer_filter_unscoped"], indirect=True)
def test_invoice_customer_filter_lists_the_other_teams_invoices(defective: Any) -> None:
    _, acme, globex = defective
    victim = _first(globex, "/api/v1/invoices")
    leaked = acme.get("/api/v1/invoices", params={"customer_id": victim["customer_id"]}).json()["data"]
    assert victim["id"] in [i["id"] for i in leaked]


@pytest.mark.parametrize("defective", ["team_header_spoofing"], indirect=True)
def test_team_header_spoofing_lets_an_outsider_into_another_team(
    defective: Any, client_in_team: Any, demo_env: dict[str, str]
) -> None:
    """Header dialect: ``X-Team-Id: <initech id>``; path dialect: ``/orgs/initech/...``."""
    server, _, _ = defective
    initech_id = server.ctx.team_ids["initech"]
    with client_in_team(server, demo_env["ACME_VIEWER_TOKEN"], "initech") as spoofer:
        response = spoofer.get("/api/v1/customers")
    assert response.status_code == 200
    assert {c["team_id"] for c in response.json()["data"]} == {initech_id}
    # only existing teams: a made-up one is still refused as the dialect refuses it
    with client_in_team(server, demo_env["ACME_VIEWER_TOKEN"], "no-such-org") as lost:
        refused = lost.get("/api/v1/customers").status_code
    assert refused == (404 if server.ctx.settings.tenancy == "path" else 403)


@pytest.mark.parametrize("defective", ["team_id_mass_assignment"], indirect=True)
def test_team_id_mass_assignment_plants_a_customer_in_another_team(defective: Any, unwrap: Any) -> None:
    server, acme, globex = defective
    globex_id = unwrap(server, globex.get("/api/v1/team"))["id"]
    body = {"name": "Planted", "email": "planted@example.test", "team_id": globex_id}
    created = unwrap(server, response := acme.post("/api/v1/customers", json=body))
    assert response.status_code == 201 and created["team_id"] == globex_id
    assert unwrap(server, globex.get(f"/api/v1/customers/{created['id']}"))["name"] == "Planted"
    moved = _first(acme, "/api/v1/customers")
    assert acme.patch(f"/api/v1/customers/{moved['id']}", json={"team_id": globex_id}).status_code == 200
    assert globex.get(f"/api/v1/customers/{moved['id']}").status_code == 200
    # Only the tenant field is wrong: an empty update is refused as on the clean build.
    other = _first(acme, "/api/v1/customers")
    assert acme.patch(f"/api/v1/customers/{other['id']}", json={}).status_code == 422


@pytest.mark.parametrize("defective", ["invoice_accepts_foreign_customer"], indirect=True)
def test_invoice_accepts_another_teams_customer(defective: Any, unwrap: Any) -> None:
    server, acme, globex = defective
    foreign = _first(globex, "/api/v1/customers")
    body = {"customer_id": foreign["id"], "amount": 100, "due_date": "2027-01-01"}
    response = acme.post("/api/v1/invoices", json=body)
    assert response.status_code == 201 and unwrap(server, response)["customer_id"] == foreign["id"]
