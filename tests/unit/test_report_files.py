"""A family's report files: rows recorded on test reports, written once whatever the number of workers."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tenantprobe.core.report_files import ReportFile, record_report_rows, recorded_rows
from tenantprobe.families.rbac import PERMISSION_MATRIX
from tenantprobe.reporting.results import RunResults
from tenantprobe.reporting.write import undeclared_report_files, write_family_files

MATRIX = ReportFile("cells.json", sort_keys=("operation", "principal"))
CELLS = [
    {"principal": "globex/viewer", "operation": "GET /a", "verdict": "denied"},
    {"principal": "acme/viewer", "operation": "GET /a", "verdict": "allowed"},
    {"principal": "acme/viewer", "operation": "DELETE /a/{id}", "verdict": "unproven"},
]


def _test_item() -> Any:
    return SimpleNamespace(user_properties=[("tenantprobe_subjects", "{}")])


def test_rows_recorded_on_a_test_come_back_from_its_report() -> None:
    item = _test_item()
    record_report_rows(item, MATRIX, CELLS[:2])
    record_report_rows(item, MATRIX, [])  # nothing recorded: no empty record either
    assert recorded_rows(item.user_properties) == [("cells.json", CELLS[:2])]


def test_a_json_file_takes_objects_only() -> None:
    with pytest.raises(TypeError, match="cells.json holds JSON objects"):
        record_report_rows(_test_item(), MATRIX, ["a line"])


def test_the_file_is_the_same_whichever_worker_recorded_which_rows() -> None:
    one_worker = MATRIX.render(CELLS)
    two_workers = MATRIX.render([CELLS[2], *reversed(CELLS[:2])])
    assert one_worker == two_workers
    assert [cell["principal"] for cell in json.loads(one_worker)] == [
        "acme/viewer", "acme/viewer", "globex/viewer",
    ]  # fmt: skip
    assert ReportFile("diff.txt").render(["first", "second"]) == "first\nsecond\n"


def test_the_run_writes_each_declared_file_once_and_names_undeclared_rows(tmp_path: Path) -> None:
    results = RunResults(started=0.0, started_at="t0")
    for rows in (CELLS[:1], CELLS[1:]):  # as two workers' test reports arrive
        results.add_report_rows(PERMISSION_MATRIX.name, rows)
    results.add_report_rows("stray.json", CELLS[:1])
    write_family_files(tmp_path, results)
    assert sorted(path.name for path in tmp_path.iterdir()) == [PERMISSION_MATRIX.name]
    assert len(json.loads((tmp_path / PERMISSION_MATRIX.name).read_text(encoding="utf-8"))) == 3
    assert undeclared_report_files(results) == [
        "1 row(s) recorded for `stray.json`, a file no family record declares in its `reports`"
    ]
    assert PERMISSION_MATRIX.pattern == "rbac-matrix*.json"
