"""Fixed since the previous run: only findings whose test ran again and did not find them."""

from __future__ import annotations

import json
from pathlib import Path

from tenantprobe.reporting.compare import PREVIOUS, compare_with_previous, previous_summary

A = {"id": "aaaaaaaaaa", "test": "suites/x/test_a.py::test_a", "check": "c", "operation": "GET /a"}
B = {"id": "bbbbbbbbbb", "test": "suites/x/test_b.py::test_b", "check": "c", "operation": "GET /b"}
C = {"id": "cccccccccc", "test": "suites/x/test_c.py::test_c", "check": "c", "operation": "GET /c"}


def test_a_finding_whose_test_passed_again_is_fixed() -> None:
    previous = {"started_at": "t0", "findings": [A, B]}
    outcomes = {A["test"]: "passed", B["test"]: "failed"}
    result = compare_with_previous([B], outcomes, previous)
    assert [item["id"] for item in result["fixed"]] == [A["id"]]
    assert result["new"] == [] and result["not_rechecked"] == []


def test_a_finding_whose_test_did_not_run_is_not_called_fixed() -> None:
    previous = {"started_at": "t0", "findings": [A, C]}
    result = compare_with_previous([], {A["test"]: "passed", C["test"]: "skipped"}, previous)
    assert [item["id"] for item in result["fixed"]] == [A["id"]]
    assert result["not_rechecked"] == [C["id"]]


def test_new_findings_are_named() -> None:
    result = compare_with_previous([A, B], {}, {"started_at": "t0", "findings": [A]})
    assert result["new"] == [B["id"]]


def test_without_a_previous_run_nothing_is_fixed() -> None:
    assert compare_with_previous([A], {}, None)["fixed"] == []


def test_an_old_summary_left_in_place_becomes_the_previous_one(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text(json.dumps({"started_at": "t0", "findings": [A]}))
    previous = previous_summary(tmp_path, "summary.json")
    assert previous is not None and previous["findings"] == [A]
    assert not (tmp_path / "summary.json").exists()
    assert json.loads((tmp_path / PREVIOUS).read_text())["started_at"] == "t0"


def test_the_kept_previous_summary_is_used_when_the_run_moved_it_aside(tmp_path: Path) -> None:
    (tmp_path / PREVIOUS).write_text(json.dumps({"started_at": "t1", "findings": []}))
    previous = previous_summary(tmp_path, "summary.json")
    assert previous is not None and previous["started_at"] == "t1"
