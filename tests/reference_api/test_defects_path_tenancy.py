"""The path dialect's own defects, and the path variants of the identity defects (``/me`` is a
list of memberships there, the team's baseline ``GET /orgs/{org}/team``).

Every other defect runs in both dialects in test_defects_scoping.py, test_defects_rbac.py and
test_defects_contract_preflight.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from reference_api.app import create_app
from reference_api.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture()
def tenancy() -> str:
    return "path"


def _first(client: Any, path: str) -> dict[str, Any]:
    data: list[dict[str, Any]] = client.get(path).json()["data"]
    return data[0]


def test_org_membership_not_checked_serves_another_orgs_invoices_on_one_operation(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(defects={"org_membership_not_checked"}) as server:
        with client_for(server, demo_env["GLOBEX_ADMIN_TOKEN"]) as globex:
            victim = _first(globex, "/api/v1/invoices")
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"], org="globex") as outsider:
            listed = outsider.get("/api/v1/invoices")
            shown = outsider.get(f"/api/v1/invoices/{victim['id']}")
            customers = outsider.get("/api/v1/customers")
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"], org="no-such-org") as lost:
            made_up = lost.get("/api/v1/invoices")
    assert listed.status_code == 200 and victim["id"] in [i["id"] for i in listed.json()["data"]]
    assert (shown.status_code, customers.status_code, made_up.status_code) == (404, 404, 404)


def test_object_not_scoped_to_path_org_serves_another_orgs_customer_under_ones_own_path(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(defects={"object_not_scoped_to_path_org"}) as server:
        with client_for(server, demo_env["GLOBEX_ADMIN_TOKEN"]) as globex:
            customer, invoice = _first(globex, "/api/v1/customers"), _first(globex, "/api/v1/invoices")
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as acme:
            stolen = acme.get(f"/api/v1/customers/{customer['id']}")
            scoped = acme.get(f"/api/v1/invoices/{invoice['id']}")
            assert stolen.request.url.path.startswith("/api/v1/orgs/acme/")
    assert stolen.status_code == 200 and stolen.json() == customer
    assert scoped.status_code == 404


@pytest.mark.parametrize("defect", ["org_membership_not_checked", "object_not_scoped_to_path_org"])
def test_path_only_defects_are_refused_in_the_header_dialect(defect: str) -> None:
    with pytest.raises(ValueError, match="--tenancy path"):
        create_app(Settings(defects=frozenset({defect})))


def test_me_lists_all_team_permissions_reports_every_role_under_each_org(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(defects={"me_lists_all_team_permissions"}) as server:
        with client_for(server, demo_env["CONSULTANT_TOKEN"]) as consultant:
            memberships = consultant.get("/api/v1/me").json()["memberships"]
    assert {"org": "globex", "role": "member"} in memberships
    assert {"org": "globex", "role": "viewer"} in memberships


def test_me_team_timezone_utc_misreports_the_orgs_baseline(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api(defects={"me_team_timezone_utc"}) as server:
        with client_for(server, demo_env["GLOBEX_VIEWER_TOKEN"]) as viewer:
            team = viewer.get("/api/v1/team")
    assert team.request.url.path == "/api/v1/orgs/globex/team"
    assert team.json()["timezone"] == "UTC"
