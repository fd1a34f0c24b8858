"""Each contract and preflight defect shows the spec violation or missing clue its docstring claims,
in every style, and in both tenancy dialects where the request reads the same
(``me_team_timezone_utc``'s path variant is in test_defects_path_tenancy.py)."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

BOTH_DIALECTS = pytest.mark.parametrize("tenancy", ["header", "path"])


@BOTH_DIALECTS
def test_invoice_amount_decimal_string_violates_the_invoice_schema(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], schema_validator: Any, tenancy: str
) -> None:
    with start_styled_api(defects={"invoice_amount_decimal_string"}) as server:
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            invoice = viewer.get("/api/v1/invoices").json()["data"][0]
            spec = viewer.get("/api/v1/openapi.json").json()
    assert isinstance(invoice["amount"], str) and "." in invoice["amount"]
    assert not schema_validator(spec, spec["components"]["schemas"]["Invoice"]).is_valid(invoice)


@pytest.mark.parametrize("term", ["O'Brien", "d'Arcy & Sons"])
@BOTH_DIALECTS
def test_search_quote_server_error_answers_500_to_an_apostrophe(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], term: str, tenancy: str
) -> None:
    with start_styled_api(defects={"search_quote_server_error"}) as server:
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            plain = viewer.get("/api/v1/customers", params={"search": "coyote"})
            broken = viewer.get("/api/v1/customers", params={"search": term})
    assert plain.status_code == 200
    assert broken.status_code == 500 and broken.headers["x-request-id"]


@BOTH_DIALECTS
def test_customer_delete_returns_200_instead_of_the_documented_204(
    start_styled_api: Any,
    client_for: Any,
    demo_env: dict[str, str],
    unwrap: Any,
    spec_path: Any,
    tenancy: str,
) -> None:
    with start_styled_api(defects={"customer_delete_returns_200"}) as server:
        with client_for(server, demo_env["ACME_ADMIN_TOKEN"]) as admin:
            customer = admin.get("/api/v1/customers").json()["data"][0]
            response = admin.delete(f"/api/v1/customers/{customer['id']}")
            spec = admin.get("/api/v1/openapi.json").json()
            documented = spec_path(spec, "/api/v1/customers/{customer_id}")
    assert response.status_code == 200 and unwrap(server, response)["id"] == customer["id"]
    assert "200" not in documented["delete"]["responses"]


@BOTH_DIALECTS
def test_per_page_unbounded_accepts_more_than_the_documented_maximum(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], tenancy: str
) -> None:
    with start_styled_api(defects={"per_page_unbounded"}) as server:
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            response = viewer.get("/api/v1/customers", params={"per_page": 5000})
    assert response.status_code == 200 and response.json()["meta"]["per_page"] == 5000


@BOTH_DIALECTS
def test_request_id_missing_on_errors_but_present_on_success(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], tenancy: str
) -> None:
    with start_styled_api(defects={"request_id_missing_on_errors"}) as server:
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            ok = viewer.get("/api/v1/me")
            denied = viewer.delete("/api/v1/customers/1")
        with client_for(server) as anonymous:
            unauthenticated = anonymous.get("/api/v1/me")
    assert "x-request-id" in ok.headers
    assert "x-request-id" not in denied.headers and "x-request-id" not in unauthenticated.headers


@BOTH_DIALECTS
def test_error_with_empty_body_on_404(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], tenancy: str
) -> None:
    with start_styled_api(defects={"error_with_empty_body"}) as server:
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
            response = viewer.get("/api/v1/customers/999999")
    assert response.status_code == 404 and response.content == b""


def test_me_team_timezone_utc_misreports_the_baseline(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str], unwrap: Any
) -> None:
    with start_styled_api(defects={"me_team_timezone_utc"}) as server:
        with client_for(server, demo_env["GLOBEX_VIEWER_TOKEN"]) as viewer:
            me = unwrap(server, viewer.get("/api/v1/me"))
            team = unwrap(server, viewer.get("/api/v1/team"))
    assert me["team"]["timezone"] == "UTC" and team["timezone"] == "Europe/Berlin"
