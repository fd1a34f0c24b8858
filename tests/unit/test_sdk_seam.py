"""The breaking-changes verdict on two small specs: a compatible change passes, a breaking one fails."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tenantprobe import ProbeFailure, load_config
from tenantprobe.core.report_files import recorded_rows
from tenantprobe.families.sdk import BASELINE_DIFF
from tenantprobe.families.sdk.baseline import BaselineUnreadable, breaking_changes
from tests.unit.mock_target import BASE_URL, CONFIG

_ITEM = {
    "type": "object",
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    "required": ["id", "name"],
}
_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
BASELINE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "items", "version": "1"},
    "paths": {
        "/items/{id}": {
            "parameters": _ID,
            "get": {
                "operationId": "getItem",
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": _ITEM}}}
                },
            },
            "delete": {"operationId": "deleteItem", "responses": {"204": {"description": "gone"}}},
        },
    },
}


def current(change: str) -> dict[str, Any]:
    """The baseline with one change made to it."""
    spec = copy.deepcopy(BASELINE)
    item = spec["paths"]["/items/{id}"]
    schema = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    if change == "optional field added":
        schema["properties"]["colour"] = {"type": "string"}
    elif change == "operation added":
        spec["paths"]["/health"] = {
            "get": {"operationId": "health", "responses": {"200": {"description": "ok"}}}
        }
    elif change == "operation removed":
        del item["delete"]
    elif change == "response narrowed":
        del schema["properties"]["name"]
        schema["required"] = ["id"]
    return spec


def judge(
    tmp_path: Path, spec: dict[str, Any], baseline: str = "baseline.json"
) -> tuple[list[ProbeFailure], Any]:
    """``breaking_changes`` of ``spec`` against BASELINE (written beside tenants.yaml), and the test item."""
    (tmp_path / "baseline.json").write_text(json.dumps(BASELINE), encoding="utf-8")
    (tmp_path / "tenants.yaml").write_text(f"{CONFIG}sdk: {{baseline_spec: {baseline}}}\n", encoding="utf-8")
    config = load_config(tmp_path / "tenants.yaml", env={})
    item = SimpleNamespace(user_properties=[])
    return breaking_changes(item, config, BASE_URL, spec), item


@pytest.mark.parametrize("change", ["none", "optional field added", "operation added"])
def test_a_compatible_change_has_no_breaking_changes(tmp_path: Path, change: str) -> None:
    failures, item = judge(tmp_path, current(change))
    assert failures == []
    if change != "none":  # additive changes still go into the run's diff file
        [(file, [text])] = recorded_rows(item.user_properties)
        assert file == BASELINE_DIFF.name and ("endpoint-added" in text or "new-response-property" in text)


def test_a_removed_operation_is_a_breaking_change(tmp_path: Path) -> None:
    failures, _ = judge(tmp_path, current("operation removed"))
    assert [(f.check, f.operation) for f in failures] == [("no_breaking_changes", "DELETE /items/{id}")]
    assert failures[0].message.startswith("endpoint-removed") and "compared with" in failures[0].message


def test_a_narrowed_response_is_a_breaking_change(tmp_path: Path) -> None:
    failures, _ = judge(tmp_path, current("response narrowed"))
    assert [(f.check, f.operation) for f in failures] == [("no_breaking_changes", "GET /items/{id}")]
    assert "response-property-removed" in failures[0].message and "name" in failures[0].message


def test_no_baseline_means_nothing_is_judged(tmp_path: Path) -> None:
    (tmp_path / "tenants.yaml").write_text(CONFIG, encoding="utf-8")
    item = SimpleNamespace(user_properties=[])
    config = load_config(tmp_path / "tenants.yaml", env={})
    assert breaking_changes(item, config, BASE_URL, current("operation removed")) == []


def test_an_unreadable_baseline_is_named(tmp_path: Path) -> None:
    with pytest.raises(BaselineUnreadable, match="sdk.baseline_spec in tenants.yaml"):
        judge(tmp_path, BASELINE, baseline="missing.json")
