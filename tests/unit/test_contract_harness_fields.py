"""Generated cases: what the harness sets (tenant selector, pinned headers, references) is not judged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import (
    CaseMetadata,
    ComponentInfo,
    CoverageScenario,
    GenerationInfo,
    PhaseInfo,
)

from tenantprobe import RunState, load_config
from tenantprobe.core.config import Carrier
from tenantprobe.families.contract.references import ReferenceFiller
from tenantprobe.families.contract.tenant_parameter import (
    fixed_tenant_parameter,
    invalid_only_where_harness_sets,
)
from tenantprobe.tenancy.canaries import CanarySet

_INTEGER = {"type": "integer"}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/projects": {
            "get": {
                "security": [{"bearer": []}],
                "parameters": [{"in": "header", "name": "X-Team-Id", "schema": _INTEGER}],
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/tasks": {
            "post": {
                "parameters": [
                    {"in": "header", "name": "X-Team-Id", "schema": _INTEGER},
                    {"in": "query", "name": "limit", "schema": _INTEGER},
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "project_id": _INTEGER,
                                    "team_id": _INTEGER,
                                    "owner_id": _INTEGER,
                                    "title": {},
                                },
                            }
                        }
                    }
                },
                "responses": {"201": {"description": "created"}},
            }
        },
    },
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
}
CONFIG = """
version: 1
target: {base_url: "http://127.0.0.1:9", spec: spec.json}
auth: {carrier: bearer}
tenancy: {selector: {in: header, name: X-Team-Id}, tenant_field: team_id}
tenants:
  red:
    id: 1
    admin: {token: red-admin}
    principals:
      clerk: {role: clerk, token: red-clerk}
  blue:
    id: 2
    admin: {token: blue-admin}
    principals:
      clerk: {role: clerk, token: blue-clerk}
"""


def _state(tmp_path: Path) -> RunState:
    (tmp_path / "tenants.yaml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path / "tenants.yaml", env={})
    state = RunState(config=config, base_url="http://127.0.0.1:9", spec=SPEC, spec_sha256="")
    state.carrier = Carrier("header", "X-Team-Id", "id")
    return state


def _case(
    mode: GenerationMode,
    negative: tuple[ParameterLocation, ...] = (),
    mutated: tuple[ParameterLocation, str] | None = None,
    **values: Any,
) -> Any:
    operation = schemathesis.openapi.from_dict(SPEC)["/tasks"]["POST"]
    if mutated is not None:
        phase = PhaseInfo.coverage(
            CoverageScenario.INVALID_TYPE
            if hasattr(CoverageScenario, "INVALID_TYPE")
            else list(CoverageScenario)[0],
            "mutated",
            parameter=mutated[1],
            parameter_location=mutated[0],
        )
    else:
        phase = PhaseInfo.coverage(list(CoverageScenario)[0], "generated")
    components = {place: ComponentInfo(mode=GenerationMode.NEGATIVE) for place in negative}
    meta = CaseMetadata(generation=GenerationInfo(time=0.0, mode=mode), components=components, phase=phase)
    return operation.Case(_meta=meta, **values)


def test_a_case_invalid_only_in_the_tenant_selector_is_not_sent(tmp_path: Path) -> None:
    state = _state(tmp_path)
    header = ParameterLocation.HEADER
    mutated = _case(GenerationMode.NEGATIVE, mutated=(header, "x-team-id"), headers={"X-Team-Id": "a"})
    assert invalid_only_where_harness_sets(state, mutated, set())
    fuzzed = _case(GenerationMode.NEGATIVE, negative=(header,), headers={"X-Team-Id": "a"})
    assert invalid_only_where_harness_sets(state, fuzzed, set())


def test_a_pinned_header_is_harness_set_too(tmp_path: Path) -> None:
    state = _state(tmp_path)
    state.carrier = None
    header = ParameterLocation.HEADER
    mutated = _case(GenerationMode.NEGATIVE, mutated=(header, "X-Team-Id"), headers={"X-Team-Id": "a"})
    assert not invalid_only_where_harness_sets(state, mutated, set())
    assert invalid_only_where_harness_sets(state, mutated, {"x-team-id", "Authorization"})


def test_a_case_invalid_elsewhere_is_still_judged(tmp_path: Path) -> None:
    state = _state(tmp_path)
    query = ParameterLocation.QUERY
    in_query = _case(GenerationMode.NEGATIVE, mutated=(query, "limit"), query={"limit": "x"})
    assert not invalid_only_where_harness_sets(state, in_query, set())
    both = _case(
        GenerationMode.NEGATIVE,
        negative=(ParameterLocation.HEADER, ParameterLocation.BODY),
        headers={"X-Team-Id": "a"},
        body={"project_id": "x"},
    )
    assert not invalid_only_where_harness_sets(state, both, set())


def test_the_selector_parameter_is_fixed_to_a_real_tenant(tmp_path: Path) -> None:
    assert fixed_tenant_parameter(_state(tmp_path)) == {"parameters": {"header.X-Team-Id": "1"}}


def test_reference_fields_get_an_object_of_the_recipients_tenant(tmp_path: Path) -> None:
    state = _state(tmp_path)
    canaries = CanarySet()
    canaries.add("red", "/projects", "41")
    filler = ReferenceFiller(state, canaries)
    red, blue = (tenant.principals[0] for tenant in state.config.tenants.values())
    case = _case(GenerationMode.POSITIVE, body={"project_id": 0, "team_id": 5, "title": "t"})
    assert filler.fill(case, red) == []
    assert case.body == {"project_id": 41, "team_id": 5, "title": "t"}  # the tenant field is not a reference
    # No project of blue is known: its acceptance cannot be judged.
    assert filler.fill(case, blue) == ["project_id"]
    # Nor can an id field whose collection is unknown (`owner_id` names no collection of the spec).
    unknown = _case(GenerationMode.POSITIVE, body={"project_id": 0, "owner_id": 0})
    assert filler.fill(unknown, red) == ["owner_id"] and unknown.body["project_id"] == 41
    # An integer generated as `0.0` (valid for JSON Schema's integer) still gets a number, not "41".
    floated = _case(GenerationMode.POSITIVE, body={"project_id": 0.0})
    assert filler.fill(floated, red) == [] and floated.body["project_id"] == 41
    assert isinstance(floated.body["project_id"], int)


def test_negative_cases_keep_their_references(tmp_path: Path) -> None:
    state = _state(tmp_path)
    canaries = CanarySet()
    canaries.add("red", "/projects", "41")
    case = _case(GenerationMode.NEGATIVE, negative=(ParameterLocation.BODY,), body={"project_id": "zz"})
    assert ReferenceFiller(state, canaries).fill(case, state.config.tenants["red"].principals[0]) == []
    assert case.body == {"project_id": "zz"}
