"""The detection matrix in CI: cheap by default, the whole matrix on demand.

Each family's own self-test runs its defects with its family's suite (tests/selftest/test_<family>.py,
fast); test_default_run.py runs a few the way users do. Here CI checks that every catalogued defect is
named by a family self-test and that the matrix's measuring works on one real run. With
TP_FULL_MATRIX=1 every defect runs once more, alone, in the default run (every suite, one worker), and
so does the clean build: each defect detected, nothing unrelated, zero findings when clean.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.harness import AWAITING_HARNESS
from bench.matrix import (
    DEFAULT,
    FAMILY_DIALECTS,
    Row,
    catalogue,
    dialects_for,
    request_log,
    run_row,
)

pytestmark = [pytest.mark.slow, pytest.mark.selftest]
FULL = os.environ.get("TP_FULL_MATRIX") == "1"
# The defect this file's real row runs (and asserts detected): it counts as covered by a self-test.
REAL_ROW = ("preflight", "me_team_timezone_utc")
SELFTESTS = Path(__file__).resolve().parent


def selftest_mentions() -> dict[str, list[str]]:
    """defect name -> the family self-test files that name it (the CI's per-defect coverage)."""
    texts = {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(SELFTESTS.glob("test_*.py"))
        if path.name != Path(__file__).name
    }
    return {
        defect["name"]: [name for name, text in texts.items() if f'"{defect["name"]}"' in text]
        for defect in catalogue()
    }


def test_every_catalogued_defect_is_run_by_a_family_self_test() -> None:
    mentions = selftest_mentions()
    assert len(mentions) >= 30, "the reference API's catalogue shrank or could not be listed"
    missing = sorted(
        name
        for name, files in mentions.items()
        if not files and name != REAL_ROW[1] and name not in AWAITING_HARNESS
    )
    assert missing == [], f"defects no tests/selftest/test_<family>.py names: {missing}"


def test_defects_awaiting_the_harness_are_catalogued_and_still_untested() -> None:
    mentions = selftest_mentions()
    assert set(AWAITING_HARNESS) <= set(mentions), set(AWAITING_HARNESS) - set(mentions)
    tested = sorted(name for name in AWAITING_HARNESS if mentions[name])
    assert tested == [], f"self-tests name {tested}: remove them from AWAITING_HARNESS"


def test_every_family_of_the_catalogue_has_its_dialects_in_the_matrix() -> None:
    families = {defect["family"] for defect in catalogue()}
    assert families <= set(FAMILY_DIALECTS), families - set(FAMILY_DIALECTS)
    assert all(dialects_for(d, every=False) == [DEFAULT] for d in catalogue())


def test_request_log_counts_every_answered_request_in_order(tmp_path: Path) -> None:
    log = tmp_path / "target.log"
    log.write_text(
        '{"request_id": "a", "status": 200}\nINFO: uvicorn started\n{"request_id": "b", "status": 404}\n'
        '{"request_id": "a", "status": 200}\n{"request_id": "c", "status": 500}\n',
        encoding="utf-8",
    )
    assert request_log(log) == {"a": 1, "b": 2, "c": 4}


def test_a_matrix_row_measures_a_real_detection(tmp_path: Path) -> None:
    """One real run through the matrix's code: detected, first finding's request located at the server."""
    row = run_row(tmp_path, *REAL_ROW, DEFAULT, examples=2, alone=True)
    assert row.detected and row.exit_code == 1, row
    assert row.unrelated == [], row.unrelated
    assert row.requests_counted_exactly and row.requests_to_first is not None
    assert 0 < row.requests_to_first <= row.requests
    assert "baseline_matches" in row.checks, row.checks
    assert row.seconds_to_first is not None and 0 < row.seconds_to_first <= row.wall_s
    assert row.suites == "preflight"


def _full_runs() -> list[tuple[str, str | None]]:
    return [(d["family"], d["name"]) for d in catalogue()] + [("all", None)]


@pytest.mark.skipif(not FULL, reason="the full matrix runs with TP_FULL_MATRIX=1 (bench/detection_matrix.py)")
def test_full_matrix_every_defect_detected_and_clean_build_silent(tmp_path: Path) -> None:
    runs = _full_runs()

    def one(index: int) -> Row:
        family, defect = runs[index]
        folder = tmp_path / str(index)
        folder.mkdir()
        return run_row(folder, family, defect, DEFAULT, examples=10)

    with ThreadPoolExecutor(2) as pool:
        rows = list(pool.map(one, range(len(runs))))
    missed = [r.defect for r in rows if r.defect != "(clean build)" and not r.detected]
    noisy = {r.defect: r.unrelated for r in rows if r.unrelated}
    assert missed == [], f"defects not detected: {missed}"
    assert noisy == {}, f"unrelated findings: {noisy}"
    clean = next(r for r in rows if r.defect == "(clean build)")
    assert clean.exit_code == 0 and clean.tests.get("passed", 0) > 0, clean
