"""SDK lint rules on small specs, and the choice of the listing the generated client calls."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tenantprobe import load_config
from tenantprobe.core.target import load_spec
from tenantprobe.families.sdk.calls import choose_subject, list_operations
from tenantprobe.families.sdk.generate import module_name
from tenantprobe.families.sdk.lint import RULES as LINT_RULES
from tenantprobe.families.sdk.lint import lint_spec

SPECS = Path(__file__).resolve().parents[1] / "data" / "specs"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def spec() -> dict[str, Any]:
    return copy.deepcopy(load_spec(str(SPECS / "base.yaml"), 5)[0])


def _rules(spec: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in lint_spec(spec):
        found.setdefault(problem.rule, []).append(problem.operation)
    return found


def test_a_well_formed_spec_has_no_lint_problem(spec: dict[str, Any]) -> None:
    assert lint_spec(spec) == []


def test_missing_and_duplicate_operation_ids(spec: dict[str, Any]) -> None:
    del spec["paths"]["/items"]["get"]["operationId"]
    spec["paths"]["/items/{item_id}"]["delete"]["operationId"] = "showItem"
    assert _rules(spec) == {
        "operation_id_present": ["GET /items"],
        "operation_id_unique": ["GET /items/{item_id}", "DELETE /items/{item_id}"],
    }


def test_untagged_operation(spec: dict[str, Any]) -> None:
    spec["paths"]["/items"]["post"]["tags"] = []
    assert _rules(spec) == {"operation_tagged": ["POST /items"]}


def test_responses_without_schemas(spec: dict[str, Any]) -> None:
    del spec["paths"]["/items"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    del spec["paths"]["/items/{item_id}"]["get"]["responses"]["200"]["content"]
    problems = [p for p in lint_spec(spec) if p.rule == "response_schema_declared"]
    assert [p.operation for p in problems] == ["GET /items", "GET /items/{item_id}"]
    assert "`application/json` has no `schema`" in problems[0].message


def test_a_204_needs_no_body(spec: dict[str, Any]) -> None:
    assert "response_schema_declared" not in _rules(spec)  # DELETE answers 204 without content


def test_missing_security_and_unknown_schemes(spec: dict[str, Any]) -> None:
    del spec["security"]
    spec["paths"]["/items"]["get"]["security"] = [{"apiKey": []}]
    spec["paths"]["/items/{item_id}"]["get"]["security"] = []  # deliberately public: fine
    problems = [p for p in lint_spec(spec) if p.rule == "security_declared"]
    assert {p.operation for p in problems} == {"GET /items", "POST /items", "DELETE /items/{item_id}"}
    assert any("`apiKey`" in p.message for p in problems)


def test_unresolvable_and_external_refs(spec: dict[str, Any]) -> None:
    schema = spec["paths"]["/items/{item_id}"]["get"]["responses"]["200"]["content"]["application/json"]
    schema["schema"] = {"$ref": "#/components/schemas/Gone"}
    spec["components"]["schemas"]["ItemCreate"]["properties"]["owner"] = {"$ref": "common.yaml#/Owner"}
    messages = [p.message for p in lint_spec(spec) if p.rule == "refs_resolvable"]
    assert len(messages) == 2
    assert any("#/components/schemas/Gone" in m and "points to nothing" in m for m in messages)
    assert any("common.yaml#/Owner" in m and "outside the document" in m for m in messages)


def test_lint_ignore_leaves_a_rule_out(spec: dict[str, Any]) -> None:
    spec["paths"]["/items"]["post"]["tags"] = []
    assert lint_spec(spec, ignore=("operation_tagged",)) == []
    assert set(LINT_RULES) >= {"operation_tagged", "refs_resolvable"}


def test_listing_is_a_get_without_path_parameters_returning_a_page(spec: dict[str, Any]) -> None:
    assert list_operations(spec) == ["GET /items"]
    spec["paths"]["/items"]["get"]["parameters"][0]["required"] = True
    assert list_operations(spec) == []


def test_a_listing_under_the_tenants_path_parameter_is_one_the_client_can_call(spec: dict[str, Any]) -> None:
    org = {"name": "org", "in": "path", "required": True, "schema": {"type": "string"}}
    spec["paths"] = {"/orgs/{org}" + path: item for path, item in spec["paths"].items()}
    spec["paths"]["/orgs/{org}/items"]["get"].setdefault("parameters", []).append(org)
    assert list_operations(spec) == []  # `{org}` unknown: an object id like any other
    assert list_operations(spec, tenant_param="org") == ["GET /orgs/{org}/items"]
    assert list_operations(spec, tenant_param="team") == []


def test_the_least_privileged_principal_granted_the_listing_is_chosen() -> None:
    config = load_config(ROOT / "tenants.yaml", target_url="http://127.0.0.1:9")
    spec = {"paths": {"/api/v1/things": {"get": {"x-permission": "members.view", "responses": {}}}}}
    key, principal = choose_subject(config, spec, ["GET /api/v1/things"]) or ("", None)
    assert key == "GET /api/v1/things" and principal is not None
    assert principal.role == "member"  # viewer and billing lack members.view; member ranks lowest of the rest


@pytest.mark.parametrize(
    ("operation_id", "module"),
    [("authorizeChannel", "authorize_channel"), ("list-items", "list_items"), ("getMe", "get_me")],
)
def test_module_names_follow_the_generator(operation_id: str, module: str) -> None:
    assert module_name(operation_id) == module
