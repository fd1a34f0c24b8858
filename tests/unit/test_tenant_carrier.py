"""The tenant carrier: read from the spec, declared in tenants.yaml, and filled into paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tenantprobe.core.carrier import fill_tenant
from tenantprobe.core.config import Carrier, ConfigError, load_config
from tenantprobe.openapi.operations import operations
from tenantprobe.openapi.tenant_parameter import bind_tenant_parameter, detect_tenant_parameter


def _op() -> dict[str, Any]:
    return {"responses": {"200": {"description": "ok"}}}


def _spec(paths: dict[str, list[str]], org_schema: dict[str, Any] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"openapi": "3.1.0", "security": [{"bearer": []}], "paths": {}}
    for path, methods in paths.items():
        item: dict[str, Any] = {method: _op() for method in methods}
        if "{org}" in path or "{team_id}" in path:
            name = "org" if "{org}" in path else "team_id"
            item["parameters"] = [
                {"name": name, "in": "path", "required": True, "schema": org_schema or {"type": "string"}}
            ]
        spec["paths"][path] = item
    return spec


ORG_SPEC = {
    "/me": ["get"],
    "/orgs/{org}/widgets": ["get", "post"],
    "/orgs/{org}/widgets/{widget_id}": ["get", "patch", "delete"],
    "/orgs/{org}/team": ["get"],
}


def test_a_tenant_like_path_parameter_most_operations_share_is_detected_as_a_slug() -> None:
    detected = detect_tenant_parameter(_spec(ORG_SPEC))
    assert detected is not None and (detected.name, detected.value) == ("org", "key")


def test_an_integer_tenant_parameter_is_filled_with_the_tenants_id() -> None:
    spec = _spec({"/me": ["get"], "/teams/{team_id}/things": ["get", "post"]}, {"type": "integer"})
    detected = detect_tenant_parameter(spec)
    assert detected is not None and (detected.name, detected.value) == ("team_id", "id")


def test_an_object_parameter_shared_by_most_operations_is_not_a_tenant() -> None:
    spec = _spec({"/widgets/{widget_id}": ["get", "patch", "delete"], "/widgets": ["get"]})
    assert detect_tenant_parameter(spec) is None


def test_a_tenant_parameter_few_operations_take_is_not_the_carrier() -> None:
    paths = {f"/things{i}": ["get"] for i in range(5)} | {"/orgs/{org}/x": ["get"]}
    assert detect_tenant_parameter(_spec(paths)) is None


def test_once_bound_the_tenant_parameter_is_no_object_id_and_its_paths_are_collections() -> None:
    spec = _spec(ORG_SPEC)
    bind_tenant_parameter(spec, "org")
    by_key = {op.key: op for op in operations(spec)}
    assert by_key["GET /orgs/{org}/widgets"].params == []
    assert by_key["GET /orgs/{org}/widgets/{widget_id}"].params == ["widget_id"]
    assert by_key["GET /orgs/{org}/widgets/{widget_id}"].collection == "/orgs/{org}/widgets"


def test_the_carrier_fills_only_its_own_placeholder_and_quotes_the_value() -> None:
    carrier = Carrier("path", "org", "key")
    assert fill_tenant("/orgs/{org}/widgets/{id}", carrier, "a b") == "/orgs/a%20b/widgets/{id}"
    assert fill_tenant("/orgs/{org}/x", Carrier("header", "X-Team"), "acme") == "/orgs/{org}/x"


def _config(tmp_path: Path, tenancy: str) -> Path:
    path = tmp_path / "tenants.yaml"
    path.write_text(
        "version: 1\ntarget: {spec: /openapi.json, base_url: http://127.0.0.1:9}\nauth: {carrier: bearer}\n"
        f"tenancy: {tenancy}\n"
        "tenants:\n  red: {admin: {token: t}, principals: {reader: {role: viewer, token: u}}}\n",
        encoding="utf-8",
    )
    return path


def test_a_declared_path_carrier_is_read(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, "{carrier: {in: path, name: org, value: key}}"), env={})
    assert config.tenancy.carrier == Carrier("path", "org", "key")
    assert config.tenancy.selector is None


def test_the_selector_is_the_header_carrier(tmp_path: Path) -> None:
    config = load_config(_config(tmp_path, "{selector: {in: header, name: X-Team-Id}}"), env={})
    assert config.tenancy.carrier == Carrier("header", "X-Team-Id", "id", source="tenancy.selector")


def test_a_path_carrier_without_a_name_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="carrier"):
        load_config(_config(tmp_path, "{carrier: {in: path}}"), env={})


def test_a_carrier_that_contradicts_the_selector_is_a_config_error(tmp_path: Path) -> None:
    tenancy = "{carrier: {in: path, name: org}, selector: {in: header, name: X-Team-Id}}"
    with pytest.raises(ConfigError, match="selector"):
        load_config(_config(tmp_path, tenancy), env={})


def test_a_subdomain_carrier_is_a_config_error_until_it_is_filled(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as raised:
        load_config(_config(tmp_path, "{carrier: {in: subdomain, name: tenant}}"), env={})
    shown = raised.value.render()
    assert "tenancy.carrier.in" in shown and "not supported yet" in shown and "one config per tenant" in shown
