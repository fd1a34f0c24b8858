"""summary.html: one self-contained page with the matrix, the findings by category and run metadata."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from tenantprobe.reporting.html import render_summary_html, write_summary_html
from tenantprobe.reporting.matrix import build_matrix

READ = "suites/contract/test_contract.py::test_operation_honours_its_contract[GET /things/{id}]"
LIST = "suites/contract/test_contract.py::test_operation_honours_its_contract[GET /things]"
SKIPPED = "suites/rbac/test_rbac.py::test_denied[DELETE /things/{id}]"

RERUN = "tenantprobe run --config /abs/tenants.yaml --seed 7 -- --tp-test 'suites/a.py::t[GET /x]'"


def document(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "target": "http://127.0.0.1:9",
        "spec_sha256": "ab" * 32,
        "harness_version": "0.1.0",
        "seed": 7,
        "examples": 5,
        "started_at": "2026-01-01T00:00:00+00:00",
        "duration_s": 1.5,
        "requests": 42,
        "tests": {"passed": 1, "failed": 1, "skipped": 1},
        "findings": [
            {
                "id": "f00dfeed01",
                "suite": "scoping",
                "check": "tenant_isolation",
                "operation": "GET /things/{id}",
                "tenant": "red",
                "role": "viewer",
                "principal": "red/viewer",
                "message": "Expected 404, got `200 OK` for `GET /things/{id}` as `red/viewer`",
                "request_id": "tp-0123456789abcdef",
                "reproduce": "curl -sS -X GET http://127.0.0.1:9/things/3 -H 'Authorization: [Filtered]'",
                "replay": "tenantprobe replay f00dfeed01",
                "rerun": RERUN,
                "test": READ,
            }
        ],
        "errors": [],
        "skipped": {SKIPPED: "no permission matrix for this target"},
        "matrix": {
            READ: {"operation": "GET /things/{id}", "principals": ["red/viewer", "blue/viewer"]},
            LIST: {"operation": "GET /things", "principals": ["red/viewer", "blue/viewer"]},
            SKIPPED: {"operation": "DELETE /things/{id}", "principals": ["red/viewer"]},
        },
        "outcomes": {READ: "failed", LIST: "passed", SKIPPED: "skipped"},
        "regression": {"previous_started_at": None, "fixed": [], "new": [], "not_rechecked": []},
    }
    return base | changes


def test_a_cell_fails_only_where_a_finding_names_that_principal_and_operation() -> None:
    matrix = build_matrix(document())
    assert matrix.outcome("red/viewer", "GET /things/{id}") == "failed"
    assert matrix.outcome("blue/viewer", "GET /things/{id}") == "passed"
    assert matrix.outcome("red/viewer", "GET /things") == "passed"
    assert matrix.outcome("red/viewer", "DELETE /things/{id}") == "skipped"
    assert matrix.outcome("blue/viewer", "DELETE /things/{id}") is None


def test_a_test_that_failed_without_a_finding_marks_its_cells_as_errors() -> None:
    matrix = build_matrix(document(findings=[], errors=[READ]))
    assert matrix.outcome("red/viewer", "GET /things/{id}") == "error"


def test_the_page_names_the_finding_with_its_replay_command_and_runbook_section() -> None:
    page = render_summary_html(document(), runbook={"scoping-leak": "What it means: a leak."})
    assert "tenantprobe: 1 finding(s)" in page
    assert "Scoping leak (1)" in page
    assert "tenantprobe replay f00dfeed01" in page
    assert "tp-0123456789abcdef" in page
    assert "What it means: a leak." in page
    assert "#scoping-leak" in page
    assert escape(RERUN) in page


def test_the_page_loads_nothing_from_anywhere() -> None:
    page = render_summary_html(document(), runbook={})
    assert "default-src 'none'" in page
    assert not re.search(r"<(script|img|link|iframe|object|embed)\b", page)
    assert "url(" not in page


def test_text_from_the_target_is_escaped() -> None:
    hostile = document()
    hostile["findings"][0]["message"] = "<script>alert(1)</script>"
    page = render_summary_html(hostile, runbook={})
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_fixed_findings_are_listed_since_the_previous_run() -> None:
    regression = {
        "previous_started_at": "2025-12-31T00:00:00+00:00",
        "fixed": [{"id": "0ldf1nd1ng", "check": "denied", "operation": "GET /x", "principal": "a/b"}],
        "new": ["f00dfeed01"],
        "not_rechecked": [],
    }
    page = render_summary_html(document(regression=regression), runbook={})
    assert "1 fixed" in page and "fixed: <code>0ldf1nd1ng</code>" in page


def test_a_clean_run_says_so(tmp_path: Path) -> None:
    path = write_summary_html(tmp_path, document(findings=[], tests={"passed": 3, "failed": 0, "skipped": 0}))
    page = path.read_text(encoding="utf-8")
    assert "tenantprobe: no findings" in page and "No findings." in page
