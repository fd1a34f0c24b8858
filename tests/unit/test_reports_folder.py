"""A reports folder holds one run: the previous run stays only as the comparison, still replayable."""

from __future__ import annotations

import json
from pathlib import Path

from tenantprobe.reporting.compare import start_fresh
from tenantprobe.reporting.recorded import find_finding


def previous_run(folder: Path) -> None:
    (folder / "findings").mkdir(parents=True)
    (folder / "findings" / "abc123.json").write_text(json.dumps({"id": "abc123"}))
    (folder / "summary.json").write_text(json.dumps({"findings": [{"id": "abc123"}]}))
    (folder / "allure-results").mkdir()
    (folder / "allure-results" / "x-result.json").write_text("{}")
    for name in ("junit.xml", "summary.html", "target.log", "rbac-matrix.json", "rbac-matrix-gw1.json"):
        (folder / name).write_text("old")
    (folder / "README.md").write_text("kept")


def test_a_new_run_keeps_the_previous_one_only_as_the_comparison(tmp_path: Path) -> None:
    previous_run(tmp_path)
    start_fresh(tmp_path)
    left = sorted(str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*"))
    kept = ["README.md", "previous-findings", "previous-findings/abc123.json", "previous-summary.json"]
    assert left == kept
    assert json.loads((tmp_path / "previous-summary.json").read_text())["findings"] == [{"id": "abc123"}]


def test_a_finding_of_the_previous_run_can_still_be_replayed(tmp_path: Path) -> None:
    previous_run(tmp_path)
    start_fresh(tmp_path)
    (tmp_path / "findings").mkdir()
    (tmp_path / "findings" / "def456.json").write_text(json.dumps({"id": "def456"}))
    assert find_finding(tmp_path, "abc")["id"] == "abc123"
    assert find_finding(tmp_path, "def")["id"] == "def456"


def test_an_empty_folder_is_left_as_it_is(tmp_path: Path) -> None:
    start_fresh(tmp_path)
    assert list(tmp_path.iterdir()) == []
