"""The one spec reader: schema shapes, envelopes and servers, each in OpenAPI 3.0 and 3.1 spelling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tenantprobe.core.config import Auth, Config, Target
from tenantprobe.core.envelope import Envelope
from tenantprobe.openapi.bundle import bundle
from tenantprobe.openapi.envelopes import envelope_of, learn_envelopes, verify_envelope
from tenantprobe.openapi.operations import find_operation, json_body_schema, operations, parameters
from tenantprobe.openapi.reader import describe_base, read_spec
from tenantprobe.openapi.refs import follow
from tenantprobe.openapi.schemas import enum_of, is_nullable, main_type, properties_of
from tenantprobe.openapi.servers import ServersError, build_routes

DIALECTS = ["3.0", "3.1"]


def nullable(schema: dict[str, Any], dialect: str) -> dict[str, Any]:
    """``schema`` that also allows null, as each version of OpenAPI writes it."""
    if dialect == "3.0":
        return {**schema, "nullable": True}
    return {**schema, "type": [schema["type"], "null"]}


def spec_of(dialect: str, paths: dict[str, Any], schemas: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": f"{dialect}.0", "paths": paths, "components": {"schemas": schemas}, **extra}


def config(**blocks: Any) -> Config:
    target = Target(base_url="http://h", spec="/openapi.json", **blocks.pop("target", {}))
    return Config(Path("tenants.yaml"), target, Auth("bearer"), {}, blocks=blocks)


def responds(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {"responses": {status: {"description": "ok", "content": {"application/json": {"schema": schema}}}}}


CUSTOMER = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    "required": ["id"],
}


# --- schema shapes -------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_an_enum_behind_a_ref_makes_a_role_field(dialect: str) -> None:
    schemas = {
        "RoleName": {"type": "string", "enum": ["admin", "viewer"]},
        "MemberUpdate": {"type": "object", "properties": {"role": {"$ref": "#/components/schemas/RoleName"}}},
    }
    body = {
        "requestBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MemberUpdate"}}}
        }
    }
    spec = spec_of(dialect, {"/members/{id}": {"patch": {**body, "responses": {}}}}, schemas)
    operation = find_operation(spec, "PATCH", "/members/{id}")
    assert operation is not None
    props = properties_of(spec, json_body_schema(spec, operation))
    assert enum_of(spec, props["role"]) == ["admin", "viewer"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_an_enum_is_found_in_allof_and_in_a_nullable_anyof(dialect: str) -> None:
    schemas = {"Status": {"type": "string", "enum": ["draft", "open"]}}
    in_all_of = {"allOf": [{"$ref": "#/components/schemas/Status"}], "description": "x"}
    nullable_any_of = {"anyOf": [{"$ref": "#/components/schemas/Status"}, {"type": "null"}]}
    spec = spec_of(dialect, {}, schemas)
    assert enum_of(spec, in_all_of) == ["draft", "open"]
    assert enum_of(spec, nullable_any_of) == ["draft", "open"]
    assert enum_of(spec, {"anyOf": [{"$ref": "#/components/schemas/Status"}, {"type": "string"}]}) is None
    assert enum_of(spec, {"type": "string"}) is None


@pytest.mark.parametrize("dialect", DIALECTS)
def test_nullable_is_read_in_both_spellings(dialect: str) -> None:
    spec = spec_of(dialect, {}, {})
    schema = nullable({"type": "string"}, dialect)
    assert is_nullable(spec, schema)
    assert main_type(spec, schema) == "string"
    assert not is_nullable(spec, {"type": "string"})


@pytest.mark.parametrize("dialect", DIALECTS)
def test_allof_parts_are_merged_into_one_object(dialect: str) -> None:
    schemas = {
        "Page": {"type": "object", "properties": {"meta": {"type": "object"}}, "required": ["meta"]},
        "Customer": CUSTOMER,
    }
    listing = {
        "allOf": [
            {"$ref": "#/components/schemas/Page"},
            {"properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Customer"}}}},
        ]
    }
    spec = spec_of(dialect, {}, schemas)
    assert set(properties_of(spec, listing)) == {"meta", "data"}
    assert main_type(spec, properties_of(spec, listing)["data"]) == "array"


def test_a_ref_loop_is_cut_not_followed_forever() -> None:
    spec = spec_of(
        "3.1", {}, {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}
    )
    assert follow(spec, {"$ref": "#/components/schemas/A"}) is None
    assert properties_of(spec, {"$ref": "#/components/schemas/A"}) == {}


def test_path_items_behind_ref_and_path_level_parameters_are_walked() -> None:
    spec = {
        "openapi": "3.1.0",
        "paths": {"/things/{id}": {"$ref": "#/components/pathItems/Thing"}},
        "components": {
            "pathItems": {
                "Thing": {
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "get": {"responses": {}},
                }
            },
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
            },
        },
    }
    [operation] = operations(spec)
    assert operation.key == "GET /things/{id}"
    assert [p["name"] for p in parameters(spec, operation)] == ["id"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_refs_to_other_files_are_inlined_relative_to_the_spec(dialect: str, tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "roles.yaml").write_text(
        yaml.safe_dump({"RoleName": {"type": "string", "enum": ["admin", "viewer"]}})
    )
    (tmp_path / "schemas" / "member.yaml").write_text(
        yaml.safe_dump(
            {
                "Member": {"type": "object", "properties": {"role": {"$ref": "roles.yaml#/RoleName"}}},
                "Other": {"$ref": "#/Member"},
            }
        )
    )
    spec = spec_of(dialect, {}, {"Member": {"$ref": "schemas/member.yaml#/Other"}})
    bundled = bundle(spec, str(tmp_path / "openapi.yaml"))
    role = properties_of(bundled, {"$ref": "#/components/schemas/Member"})["role"]
    assert enum_of(bundled, role) == ["admin", "viewer"]
    assert bundle(spec_of(dialect, {}, {}), "x") == spec_of(dialect, {}, {})  # nothing to inline


# --- envelopes ------------------------------------------------------------------------------------

PAGINATION = {
    "links": {"type": "object", "properties": {"next": {"type": ["string", "null"]}}},
    "meta": {"type": "object", "properties": {"total": {"type": "integer"}, "links": {"type": "array"}}},
}
ENVELOPES = {
    "bare object": (CUSTOMER, Envelope()),
    "bare list": ({"type": "array", "items": CUSTOMER}, Envelope(items="")),
    "data object": ({"type": "object", "properties": {"data": CUSTOMER}}, Envelope(object="/data")),
    "data, links, meta": (
        {"type": "object", "properties": {"data": {"type": "array", "items": CUSTOMER}, **PAGINATION}},
        Envelope(items="/data"),
    ),
    "items, next_cursor": (
        {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": CUSTOMER},
                "next_cursor": {"type": ["string", "null"]},
            },
        },
        Envelope(items="/items"),
    ),
    "JSON:API object": (
        {
            "type": "object",
            "properties": {
                "data": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "type": {"type": "string"},
                        "attributes": {"type": "object", "properties": {"name": {"type": "string"}}},
                    },
                }
            },
        },
        Envelope(object="/data", attributes="/attributes"),
    ),
    "HAL list": (
        {
            "type": "object",
            "properties": {
                "_embedded": {
                    "type": "object",
                    "properties": {"customers": {"type": "array", "items": CUSTOMER}},
                },
                "_links": {"type": "object", "properties": {"self": {"type": "object"}}},
            },
        },
        Envelope(items="/_embedded/customers"),
    ),
}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("shape", list(ENVELOPES))
def test_the_envelope_is_learnt_from_the_response_schema(shape: str, dialect: str) -> None:
    schema, expected = ENVELOPES[shape]
    spec = spec_of(
        dialect, {"/customers": {"get": responds({"$ref": "#/components/schemas/Body"})}}, {"Body": schema}
    )
    [operation] = operations(spec)
    found = envelope_of(spec, operation)
    assert found is not None
    assert (found.object, found.items, found.attributes) == (
        expected.object,
        expected.items,
        expected.attributes,
    )


def test_envelopes_read_ids_and_fields_where_they_are() -> None:
    json_api = Envelope(object="/data", items="/data", attributes="/attributes")
    body = {"data": {"id": "7", "type": "t", "attributes": {"team_id": 3}}}
    assert json_api.id_of(body) == "7"
    found = json_api.object_of(body)
    assert found is not None and json_api.field(found, "team_id") == 3
    listing = {"data": [{"id": 1}, {"id": 2}], "links": {}, "meta": {"links": [{"url": None}]}}
    assert [item["id"] for item in Envelope(items="/data").items_of(listing)] == [1, 2]
    assert Envelope().id_of({"data": {"id": 1}}) is None  # bare: no id at the top, none guessed


def test_tenants_yaml_overrides_the_spec_per_operation_and_fills_in_where_it_says_nothing() -> None:
    spec = spec_of(
        "3.1",
        {"/a": {"post": responds({"type": "object"})}, "/b": {"post": responds(CUSTOMER)}},
        {},
    )
    envelopes = learn_envelopes(
        spec, config(envelope={"object": "/result", "operations": {"POST /b": {"object": "/payload"}}})
    )
    assert envelopes.of("POST", "/a").object == "/result"
    assert envelopes.of("POST", "/a").source == "envelope"
    assert envelopes.of("POST", "/b").object == "/payload"
    assert envelopes.of("POST", "/b").source == "envelope.operations.POST /b"


def test_a_configured_envelope_that_fits_no_real_response_names_its_key() -> None:
    configured = Envelope(object="/payload", source="envelope.operations.POST /b")
    problem = verify_envelope(configured, {"data": {"id": 1}}, listing=False)
    assert problem is not None and "envelope.operations.POST /b.object" in problem and "`data`" in problem
    assert verify_envelope(configured, {"payload": {"id": 1}}, listing=False) is None
    assert verify_envelope(Envelope(object="/payload"), {"data": {}}, listing=False) is None  # the spec's


# --- servers --------------------------------------------------------------------------------------


def served(
    dialect: str, servers: list[dict[str, Any]], paths: dict[str, Any] | None = None
) -> dict[str, Any]:
    paths = paths or {"/customers": {"get": {"responses": {}}}, "/customers/{id}": {"get": {"responses": {}}}}
    return spec_of(dialect, paths, {}, servers=servers)


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("target", ["http://h:8000", "http://h:8000/", "http://h:8000/api/v1"])
def test_a_relative_server_url_joins_the_origin_or_a_target_that_already_carries_it(
    target: str, dialect: str
) -> None:
    routes = build_routes(served(dialect, [{"url": "/api/v1"}]), config(), target)
    assert routes.base == "http://h:8000/api/v1"
    assert routes.origin == "http://h:8000"
    assert routes.url("GET", "/customers/7") == "http://h:8000/api/v1/customers/7"
    assert routes.template_of("http://h:8000/api/v1/customers/7?x=1") == "/customers/{id}"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_server_variables_take_tenants_yaml_values_else_their_defaults(dialect: str) -> None:
    servers = [
        {"url": "https://{region}.example.test/{version}", "variables": {"version": {"default": "v2"}}}
    ]
    with pytest.raises(ServersError, match="region"):
        build_routes(served(dialect, servers), config(), "http://h")
    servers[0]["variables"]["region"] = {"default": "eu"}  # type: ignore[index]
    assert build_routes(served(dialect, servers), config(), "http://h").base == "http://h/v2"
    overridden = config(target={"server_variables": {"version": "v3"}})
    assert build_routes(served(dialect, servers), overridden, "http://h").base == "http://h/v3"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_path_and_operation_servers_win_over_the_documents(dialect: str) -> None:
    paths = {
        "/up": {"servers": [{"url": "/"}], "get": {"responses": {}}},
        "/customers": {"get": {"responses": {}}, "post": {"servers": [{"url": "/v2"}], "responses": {}}},
    }
    routes = build_routes(served(dialect, [{"url": "/api/v1"}], paths), config(), "http://h/api/v1")
    assert routes.url("GET", "/up") == "http://h/up"
    assert routes.url("GET", "/customers") == "http://h/api/v1/customers"
    assert routes.url("POST", "/customers") == "http://h/v2/customers"
    assert routes.template_of("http://h/up") == "/up"


def test_a_prefix_that_would_be_doubled_is_a_config_error_with_the_fix() -> None:
    with pytest.raises(ServersError, match="twice"):
        build_routes(served("3.1", [{"url": "/api/v1"}]), config(), "http://h/api/v1/api/v1")
    doubled_paths = {"/api/v1/customers": {"get": {"responses": {}}}}
    with pytest.raises(ServersError, match="spec_servers: false"):
        build_routes(served("3.1", [{"url": "/api/v1"}], doubled_paths), config(), "http://h")
    as_written = config(target={"spec_servers": False})
    routes = build_routes(served("3.1", [{"url": "/api/v1"}], doubled_paths), as_written, "http://h")
    assert routes.url("GET", "/api/v1/customers") == "http://h/api/v1/customers"


def test_no_servers_keeps_the_target_url_as_the_base() -> None:
    routes = build_routes(served("3.0", []), config(), "http://h/mount")
    assert routes.url("GET", "/customers") == "http://h/mount/customers"


def test_doctor_names_the_resolved_base_with_an_operation_under_it() -> None:
    paths = {
        "/up": {"servers": [{"url": "/"}], "get": {"responses": {}}},
        "/customers": {"get": {"responses": {}}},
    }
    reading = read_spec(served("3.1", [{"url": "/api/v1"}], paths), "openapi.json", config(), "http://h")
    assert (
        describe_base(reading)
        == "base URL: http://h/api/v1 (e.g. `GET /customers` -> GET http://h/api/v1/customers)"
    )
