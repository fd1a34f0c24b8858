"""Any number of workers or machines gives the same findings: the clean build stays silent with two
workers; a defect build reports the same finding ids with one worker, with two, and split in two
shards (pytest-split) merged by `tenantprobe report --merge`.

A clean default run with `--workers 2` once raised two false `ensure_resource_availability`
findings: one worker's generated `DELETE` of a customer (which deletes its invoices) ran between
another worker's link sequence creating an invoice for that customer and reading it back. Generated
writes and link sequences now share one worker, and what any worker created on purpose is spared by
generated writes (tests/unit/test_workers_share.py). CI makes two clean two-worker runs at 3
examples; TP_WORKER_RUNS=N makes N.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.harness import ROOT, RunOutcome, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

CLEAN_RUNS = int(os.environ.get("TP_WORKER_RUNS", "2"))
# Defects of two families whose suites two workers split between them; a finding id names the check,
# operation and principal, so equal ids mean the same verdicts for the same subjects.
DEFECTS = ("cross_tenant_read_by_id", "invoice_void_permission_missing")
SUITES = ("scoping", "rbac")
EXPECTED_CHECKS = {"cross_tenant_access_refused", "permission_enforced"}


def _summary_line(outcome: RunOutcome) -> str:
    found = [(f["suite"], f["check"], f["operation"], f.get("principal")) for f in outcome.findings]
    errors = (outcome.summary or {}).get("errors")
    return f"exit {outcome.exit_code}; findings {found}; harness errors {errors}\n{outcome.output[-2000:]}"


@pytest.mark.parametrize("run", range(CLEAN_RUNS), ids=[f"run{n + 1}" for n in range(CLEAN_RUNS)])
def test_the_clean_build_gives_no_finding_with_two_workers(tmp_path: Path, run: int) -> None:
    # A fresh seed each time: a scheduling-dependent false finding must not hide behind one seed.
    outcome = run_tenantprobe(tmp_path, examples=3, seed=None, extra=("--workers", "2"))
    assert outcome.summary is not None, outcome.output[-3000:]
    assert (outcome.exit_code, outcome.findings) == (0, []), _summary_line(outcome)
    assert outcome.summary["errors"] == []


@pytest.fixture(scope="module")
def defect_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, RunOutcome]:
    return {
        workers: run_tenantprobe(
            tmp_path_factory.mktemp(f"workers{workers}"),
            defects=DEFECTS,
            suites=SUITES,
            examples=3,
            seed=7,
            extra=("--workers", str(workers)),
        )
        for workers in (1, 2)
    }


def test_a_defect_build_gives_the_same_finding_ids_with_one_and_two_workers(
    defect_runs: dict[int, RunOutcome],
) -> None:
    one, two = defect_runs[1], defect_runs[2]
    assert one.exit_code == two.exit_code == 1, _summary_line(one) + _summary_line(two)
    ids_one = sorted({f["id"] for f in one.findings})
    ids_two = sorted({f["id"] for f in two.findings})
    assert ids_one == ids_two, f"1 worker: {_summary_line(one)}\n2 workers: {_summary_line(two)}"


def _cells(outcome: RunOutcome) -> list[dict[str, object]]:
    """The run's permission matrix; object ids in the proofs masked (workers create objects in any order)."""
    cells = json.loads((outcome.reports / "rbac-matrix.json").read_text(encoding="utf-8"))
    return [cell | {"why": re.sub(r"/[^/`]*\d[^/`]*", "/<id>", cell["why"])} for cell in cells]


def test_two_workers_write_one_permission_matrix_with_the_cells_of_one(
    defect_runs: dict[int, RunOutcome],
) -> None:
    one, two = defect_runs[1], defect_runs[2]
    assert sorted(path.name for path in two.reports.glob("rbac-matrix*")) == ["rbac-matrix.json"]
    cells = _cells(one)
    assert len(cells) > 50 and {cell["verdict"] for cell in cells} >= {"allowed", "denied", "failed"}
    assert _cells(two) == cells


def test_each_defect_is_among_those_findings(defect_runs: dict[int, RunOutcome]) -> None:
    checks = {f["check"] for f in defect_runs[2].findings}
    assert EXPECTED_CHECKS <= checks, _summary_line(defect_runs[2])


@pytest.fixture(scope="module")
def merged_shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, object], str]:
    folders = []
    for group in (1, 2):
        folder = tmp_path_factory.mktemp(f"shard{group}")
        run_tenantprobe(
            folder,
            defects=DEFECTS,
            suites=SUITES,
            examples=3,
            seed=7,
            extra=("--", "--splits", "2", "--group", str(group)),
        )
        folders.append(str(folder / "reports"))
    into = tmp_path_factory.mktemp("merged")
    completed = subprocess.run(
        [sys.executable, "-m", "tenantprobe", "report", "--reports", str(into), "--merge", *folders],
        cwd=ROOT, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert (into / "summary.html").is_file(), completed.stdout + completed.stderr
    summary = json.loads((into / "summary.json").read_text(encoding="utf-8"))
    return completed.returncode, summary, completed.stdout + completed.stderr


def test_shards_merged_give_the_findings_of_one_unsharded_run(
    defect_runs: dict[int, RunOutcome], merged_shards: tuple[int, dict[str, object], str]
) -> None:
    code, summary, output = merged_shards
    unsharded = defect_runs[1].summary or {}
    assert code == 1, output
    findings = summary["findings"]
    assert isinstance(findings, list)
    assert sorted(f["id"] for f in findings) == sorted(f["id"] for f in unsharded["findings"]), output
    assert summary["tests"] == unsharded["tests"]
    assert set(summary["outcomes"]) == set(unsharded["outcomes"])  # type: ignore[arg-type]


def test_each_finding_is_printed_with_its_replay_command_when_found(
    defect_runs: dict[int, RunOutcome],
) -> None:
    for outcome in defect_runs.values():
        missing = [
            f["id"]
            for f in outcome.findings
            if f"tenantprobe: finding {f['id']} " not in outcome.output
            or f"replay: tenantprobe replay {f['id']}" not in outcome.output
        ]
        assert missing == [], f"findings not announced while the run went on: {missing}"
