"""The spec is valid OpenAPI 3.1 in every dialect and follows each dialect consistently."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from openapi_spec_validator import validate

from reference_api.server import BackgroundServer

pytestmark = pytest.mark.slow

DIALECTS = list(itertools.product(["bearer", "api-key"], ["int", "uuid"], ["laravel", "ietf", "github"]))


def _operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "patch", "put", "delete")
    ]


@pytest.mark.parametrize(("auth", "ids", "headers"), DIALECTS)
def test_spec_is_valid_and_follows_the_dialect(
    start_api: Any, client_for: Any, auth: str, ids: str, headers: str
) -> None:
    with start_api(auth=auth, ids=ids, ratelimit_headers=headers) as server, client_for(server) as client:
        spec = client.get("/api/v1/openapi.json").json()
    validate(spec)
    scheme = next(iter(spec["components"]["securitySchemes"].values()))
    assert scheme["type"] == ("http" if auth == "bearer" else "apiKey")
    customer_id = spec["components"]["schemas"]["Customer"]["properties"]["id"]
    assert customer_id["type"] == ("integer" if ids == "int" else "string")
    listed = spec["paths"]["/api/v1/customers"]["get"]["responses"]["200"]["headers"]
    expected = {"laravel": "X-RateLimit-Limit", "ietf": "RateLimit-Policy", "github": "x-ratelimit-limit"}
    assert expected[headers] in listed and "X-Request-Id" in listed


def test_every_core_operation_declares_auth_errors_and_its_permission(
    api_server: BackgroundServer, client_for: Any
) -> None:
    with client_for(api_server) as client:
        spec = client.get("/api/v1/openapi.json").json()
    core = [op for op in _operations(spec) if op[0].startswith("/api/v1/") and "/webhooks" not in op[0]]
    core = [op for op in core if "/payments/" not in op[0]]
    assert len(core) >= 14
    for path, method, operation in core:
        assert {"401", "403", "429"} <= set(operation["responses"]), f"{method} {path}"
        if "{" in path:
            assert "404" in operation["responses"], f"{method} {path}"
        if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
            assert "422" in operation["responses"], f"{method} {path}"
        if path not in ("/api/v1/me", "/api/v1/team") or method != "get":
            if not path.startswith("/api/v1/me"):
                assert operation.get("x-permission"), f"{method} {path}"


def test_create_operations_link_to_read_update_delete(api_server: BackgroundServer, client_for: Any) -> None:
    with client_for(api_server) as client:
        spec = client.get("/api/v1/openapi.json").json()
    links = spec["paths"]["/api/v1/customers"]["post"]["responses"]["201"]["links"]
    assert {link["operationId"] for link in links.values()} >= {
        "showCustomer",
        "updateCustomer",
        "deleteCustomer",
    }


def test_x_permission_matches_what_the_server_enforces(
    api_server: BackgroundServer, client_for: Any, demo_env: dict[str, str]
) -> None:
    """A viewer calling each operation whose permission it lacks gets 403 naming exactly that permission."""
    with client_for(api_server) as client:
        spec = client.get("/api/v1/openapi.json").json()
    seeded = {"customer_id": "1", "invoice_id": "1", "member_id": "1", "webhook_id": "1"}
    checked = 0
    with client_for(api_server, demo_env["ACME_VIEWER_TOKEN"]) as viewer:
        for path, method, operation in _operations(spec):
            permission = operation.get("x-permission")
            if permission is None or permission in ("customers.view", "invoices.view"):
                continue
            response = viewer.request(method.upper(), path.format(**seeded), json={})
            assert response.status_code == 403, f"{method} {path}"
            assert response.json().get("required_permission") == permission, f"{method} {path}"
            checked += 1
    assert checked >= 8
