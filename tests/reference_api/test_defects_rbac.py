"""Each rbac defect shows the permission bug its docstring claims, in every style, and in both tenancy
dialects where the request reads the same (the path dialect's ``/me`` variants are in
test_defects_path_tenancy.py)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

BOTH_DIALECTS = pytest.mark.parametrize("tenancy", ["header", "path"])


@BOTH_DIALECTS
def test_invoice_void_permission_missing_lets_a_viewer_void(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], unwrap: Any, tenancy: str
) -> None:
    with start_styled_api(defects={"invoice_void_permission_missing"}) as server:
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            draft = viewer.get("/api/v1/invoices", params={"status": "draft"}).json()["data"][0]
            response = viewer.post(f"/api/v1/invoices/{draft['id']}/void")
    assert response.status_code == 200 and unwrap(server, response)["status"] == "void"


def test_customer_update_checks_delete_permission_refuses_a_member_granted_update(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], unwrap: Any
) -> None:
    with start_styled_api(defects={"customer_update_checks_delete_permission"}) as server:
        with client_for(server, demo_env["ACME_MEMBER_TOKEN"]) as member:
            assert "customers.update" in unwrap(server, member.get("/api/v1/me"))["permissions"]
            customer = member.get("/api/v1/customers").json()["data"][0]
            response = member.patch(f"/api/v1/customers/{customer['id']}", json={"notes": "x"})
    assert response.status_code == 403
    assert response.json()["required_permission"] == "customers.delete"


@BOTH_DIALECTS
def test_role_mass_assignment_via_me_makes_a_viewer_admin(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], unwrap: Any, tenancy: str
) -> None:
    with start_styled_api(defects={"role_mass_assignment_via_me"}) as server:
        with client_for(server, demo_env["GLOBEX_VIEWER_TOKEN"]) as viewer:
            response = viewer.patch("/api/v1/me", json={"name": "Totally Viewer", "role": "admin"})
            after = unwrap(server, viewer.get("/api/v1/me"))
            settings = viewer.patch("/api/v1/team", json={"name": "Globex by its viewer"})
    assert response.status_code == 200 and settings.status_code == 200
    # header dialect: the token team's roles; path dialect: the token's org among the memberships
    reported = after["roles"] if tenancy == "header" else [m["role"] for m in after["memberships"]]
    assert reported == ["admin"]


@BOTH_DIALECTS
def test_member_role_escalation_lets_a_manager_grant_admin(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], unwrap: Any, tenancy: str
) -> None:
    with start_styled_api(defects={"member_role_escalation"}) as server:
        with client_for(server, demo_env["ACME_MANAGER_TOKEN"]) as manager:
            probe = next(
                m for m in manager.get("/api/v1/members").json()["data"] if m["email"].startswith("probe@")
            )
            response = manager.patch(f"/api/v1/members/{probe['id']}", json={"role": "admin"})
    assert response.status_code == 200 and unwrap(server, response)["role"] == "admin"


def test_me_lists_all_team_permissions_while_acting_in_a_viewer_team(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], unwrap: Any
) -> None:
    with start_styled_api(defects={"me_lists_all_team_permissions"}) as server:
        globex_id = str(server.ctx.team_ids["globex"])
        with client_for(server, demo_env["CONSULTANT_TOKEN"], **{"X-Team-Id": globex_id}) as consultant:
            me = unwrap(server, consultant.get("/api/v1/me"))
    assert me["team"]["slug"] == "globex"
    assert "member" in me["roles"] and "customers.create" in me["permissions"]
