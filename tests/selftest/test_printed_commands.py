"""Every replay and rerun command a run prints works as printed, from another folder, and reproduces.

One run selects exactly one test (a forged inbound callback: a webhook finding of a request sent
without a credential, the kind that could not be replayed) on a build with the defect and a
sibling test that must stay deselected; each printed command is then run, word for word, with a
fresh temporary folder as the working directory. (`test_replay.py` replays a contract finding.)
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bench.harness import RunOutcome, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

INBOUND = "suites/webhooks/test_inbound.py::test_forged_callback_is_rejected[acme-missing_header]"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return run_tenantprobe(
        tmp_path_factory.mktemp("printed"),
        suites=("webhooks",),
        defects=("inbound_signature_unverified",),
        examples=2,
        extra=("--", "--tp-test", INBOUND),
    )


def as_printed(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command exactly as printed; ``tenantprobe`` is this interpreter's."""
    words = shlex.split(command)
    assert words[0] == "tenantprobe", command
    env = {key: value for key, value in os.environ.items() if key != "TP_TARGET_URL"}
    return subprocess.run(
        [sys.executable, "-m", "tenantprobe", *words[1:]],
        cwd=cwd, capture_output=True, text=True, timeout=300, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_the_run_selected_exactly_its_test_and_found_the_defect(run: RunOutcome) -> None:
    assert run.exit_code == 1, run.output[-3000:]
    assert set((run.summary or {})["outcomes"]) == {INBOUND}  # not `[globex-missing_header]` too
    assert [(f["check"], f["test"], f["principal"]) for f in run.findings] == [
        ("forgery_rejected", INBOUND, "acme/anonymous")
    ]


def test_every_printed_replay_reproduces_from_another_folder(run: RunOutcome, tmp_path: Path) -> None:
    for finding in run.findings:
        assert f"--config {run.reports.parent / 'tenants.yaml'}" in finding["replay"]
        assert finding["replay"] in run.output  # the console prints the same line
        completed = as_printed(finding["replay"], tmp_path)
        assert completed.returncode == 1, finding["replay"] + "\n" + completed.stdout + completed.stderr
        assert f"STILL FAILING: finding {finding['id']} reproduces." in completed.stdout


def test_every_printed_rerun_selects_exactly_its_test_and_reproduces(run: RunOutcome, tmp_path: Path) -> None:
    for command in sorted({finding["rerun"] for finding in run.findings}):
        folder = tmp_path / str(abs(hash(command)))
        folder.mkdir()
        completed = as_printed(command, folder)
        assert completed.returncode == 1, command + "\n" + completed.stdout[-3000:] + completed.stderr
        summary = json.loads((folder / "reports" / "summary.json").read_text(encoding="utf-8"))
        wanted = {f["id"] for f in run.findings if f["rerun"] == command}
        assert {f["id"] for f in summary["findings"]} == wanted
        assert len(summary["outcomes"]) == 1 and shlex.split(command)[-1] in summary["outcomes"]
