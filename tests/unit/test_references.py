"""Which collection an id field refers to: tenants.yaml's `tenancy.references`, the spec's links and
`x-references` hints, then the field's name; the foreign-reference probe and the leak detector use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tenantprobe import Knowledge, RunState, find_leaks, load_config
from tenantprobe.core.config import Tenancy
from tenantprobe.families.scoping.plan import scoping_plan
from tenantprobe.openapi.references import referenced_collection, spec_references
from tenantprobe.tenancy.canaries import CanarySet
from tenantprobe.tenancy.kit import ProbeKit
from tenantprobe.tenancy.leaks import record_typed_ids

ID = {"type": "integer"}


def _spec(task_properties: dict[str, Any], links: dict[str, Any] | None = None) -> dict[str, Any]:
    created: dict[str, Any] = {"description": "created"}
    if links:
        created["links"] = links
    return {
        "openapi": "3.1.0",
        "paths": {
            "/api/members": {"get": {"responses": {"200": {}}}},
            "/api/members/{id}": {"get": {"operationId": "getMember", "responses": {"200": {}}}},
            "/api/tasks": {
                "get": {"responses": {"200": {}}},
                "post": {
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"type": "object", "properties": task_properties}}
                        }
                    },
                    "responses": {"201": created},
                },
            },
        },
    }


COLLECTIONS = ["/api/members", "/api/tasks"]
LINKED = {"Assignee": {"operationId": "getMember", "parameters": {"id": "$response.body#/assignee_id"}}}


def test_a_field_whose_name_says_nothing_refers_to_no_collection() -> None:
    assert referenced_collection(COLLECTIONS, "assignee_id", {}, _spec({"assignee_id": ID})) is None


@pytest.mark.parametrize("named", ["/api/members", "/members", "members"])
def test_tenants_yaml_names_the_target_collection(named: str) -> None:
    target = referenced_collection(COLLECTIONS, "assignee_id", {"assignee_id": named}, _spec({}))
    assert target == "/api/members"


def test_an_x_references_hint_in_the_spec_names_it() -> None:
    spec = _spec({"assignee_id": {**ID, "x-references": "/api/members"}})
    assert spec_references(spec) == {"assignee_id": "/api/members"}
    assert referenced_collection(COLLECTIONS, "assignee_id", {}, spec) == "/api/members"


def test_an_openapi_link_from_a_response_field_names_it() -> None:
    spec = _spec({"assignee_id": ID}, LINKED)
    assert spec_references(spec) == {"assignee_id": "/api/members"}


def test_tenants_yaml_wins_over_the_spec() -> None:
    spec = _spec({"assignee_id": ID}, LINKED)
    assert referenced_collection(COLLECTIONS, "assignee_id", {"assignee_id": "tasks"}, spec) == "/api/tasks"


def test_the_name_still_guesses_when_nothing_is_said() -> None:
    assert referenced_collection(COLLECTIONS, "member_id", {}, _spec({})) == "/api/members"


CONFIG = """\
version: 1
target: {base_url: "http://127.0.0.1:9", spec: /openapi.json}
auth: {carrier: bearer}
tenancy: {tenant_field: shop_id%s}
tenants:
  red: {admin: {token: a}, principals: {clerk: {role: clerk, token: b}}}
  blue: {admin: {token: c}, principals: {clerk: {role: clerk, token: d}}}
"""


def _kit(tmp_path: Path, references: str) -> ProbeKit:
    (tmp_path / "tenants.yaml").write_text(CONFIG % references, encoding="utf-8")
    config = load_config(tmp_path / "tenants.yaml", env={})
    spec = _spec({"title": {"type": "string"}, "assignee_id": ID})
    state = RunState(config=config, base_url="http://127.0.0.1:9", spec=spec, spec_sha256="")
    return ProbeKit(state, CanarySet(), client_for=lambda principal: None)  # type: ignore[arg-type,return-value]


def test_the_foreign_reference_probe_runs_on_a_field_tenants_yaml_names(tmp_path: Path) -> None:
    assert scoping_plan(_kit(tmp_path, "").state).references == []
    named = scoping_plan(_kit(tmp_path, ", references: {assignee_id: members}").state).references
    assert {pairing.operation for pairing in named} == {"POST /api/tasks"}


def test_the_leak_detector_types_a_named_reference() -> None:
    known = Knowledge(tenant_ids={"red": "1", "blue": "2"})
    record_typed_ids(known, "blue", "/api/members", {"41"})
    payload = {"data": [{"id": 7, "assignee_id": 41}]}
    assert find_leaks(known, "red", payload, tenancy=Tenancy(tenant_field="shop_id")) == []
    named = Tenancy(tenant_field="shop_id", references={"assignee_id": "/api/members"})
    assert find_leaks(known, "red", payload, tenancy=named) == [
        "`blue`'s id `41` in `assignee_id` at `$.data[0].assignee_id`"
    ]
