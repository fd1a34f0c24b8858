"""The sdk suite against the reference API: clean passes (client generated and called, no breaking
change against its own spec), and a baseline with things the target no longer has gives findings."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from bench.harness import DEFAULT_ARGS, run_tenantprobe
from tenantprobe.core.target import EmbeddedTarget, load_spec

pytestmark = [pytest.mark.slow, pytest.mark.selftest]


@pytest.fixture(scope="module")
def clean_spec() -> dict[str, Any]:
    """The reference API's own spec, as a clean embedded target serves it."""
    target = EmbeddedTarget.start(DEFAULT_ARGS)
    try:
        return load_spec(f"{target.url}/api/v1/openapi.json", 10)[0]
    finally:
        target.stop()


def _with_baseline(path: Path) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data.setdefault("sdk", {})["baseline_spec"] = str(path)

    return edit


def _released_spec(clean: dict[str, Any]) -> dict[str, Any]:
    """What an SDK was built against: an operation, a response field, a request enum value since dropped."""
    released = copy.deepcopy(clean)
    released["paths"]["/api/v1/legacy-report"] = {
        "get": {"operationId": "legacyReport", "tags": ["team"], "responses": {"200": {"description": "ok"}}}
    }
    customer = released["components"]["schemas"]["Customer"]
    customer["properties"]["legacy_code"] = {"type": "string"}
    currency = released["components"]["schemas"]["TeamUpdate"]["properties"]["currency"]
    currency["enum"] = [*currency["enum"], "XTS"]
    return released


def test_clean_build_passes_the_sdk_suite(tmp_path: Path, clean_spec: dict[str, Any]) -> None:
    baseline = tmp_path / "released.json"
    baseline.write_text(json.dumps(clean_spec), encoding="utf-8")
    outcome = run_tenantprobe(tmp_path, suites=("sdk",), edit=_with_baseline(baseline))
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    assert "0 breaking" in (outcome.reports / "sdk-diff.txt").read_text(encoding="utf-8")
    assert outcome.summary is not None and outcome.summary["tests"]["failed"] == 0


def test_changes_that_break_sdk_users_are_findings(tmp_path: Path, clean_spec: dict[str, Any]) -> None:
    baseline = tmp_path / "released.json"
    baseline.write_text(json.dumps(_released_spec(clean_spec)), encoding="utf-8")
    outcome = run_tenantprobe(tmp_path, suites=("sdk",), edit=_with_baseline(baseline))
    assert outcome.exit_code == 1, outcome.output[-3000:]
    assert outcome.checks() == {"no_breaking_changes"} and outcome.families() == {"sdk"}
    messages = "\n".join(f"{f['operation']} {f['message']}" for f in outcome.findings)
    assert "GET /api/v1/legacy-report endpoint-removed" in messages
    assert "response-property-removed" in messages and "legacy_code" in messages
    assert "request-property-enum-value-removed" in messages and "XTS" in messages
