"""Replay reproduces a finding from a copied reports folder, against the same or another deployment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.harness import DEFAULT_ARGS, ROOT, RunOutcome, run_tenantprobe
from tenantprobe.core.target import EmbeddedTarget

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

OPERATION = "GET /api/v1/invoices"
NODE = (
    "suites/contract/test_contract.py",
    "-k",
    "test_operation_honours_its_contract and GET and invoices and not invoice_id",
)


@pytest.fixture(scope="module")
def ci_run(tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    folder = tmp_path_factory.mktemp("ci")
    return run_tenantprobe(
        folder,
        suites=("contract",),
        defects=("invoice_amount_decimal_string",),
        examples=3,
        extra=("--", *NODE),
    )


@pytest.fixture(scope="module")
def artifact(ci_run: RunOutcome, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's reports/ as a CI artifact downloaded elsewhere: nothing else of the run is kept."""
    copy = tmp_path_factory.mktemp("downloaded") / "reports"
    shutil.copytree(ci_run.reports, copy)
    return copy


@pytest.fixture(scope="module")
def finding_id(ci_run: RunOutcome) -> str:
    found = [f["id"] for f in ci_run.findings if f["check"] == "response_schema_conformance"]
    assert found, ci_run.output[-3000:]
    return str(found[0])


@pytest.fixture(scope="module")
def clean_deployment() -> Iterator[str]:
    target = EmbeddedTarget.start(DEFAULT_ARGS)
    try:
        yield target.url
    finally:
        target.stop()


def replay(artifact: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "TP_TARGET_URL"}
    return subprocess.run(
        [sys.executable, "-m", "tenantprobe", "replay", *args, "--reports", str(artifact),
         "--config", str(config)],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_replay_against_the_same_build_still_fails(
    ci_run: RunOutcome, artifact: Path, finding_id: str
) -> None:
    completed = replay(artifact, ci_run.reports.parent / "tenants.yaml", finding_id)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "answer: 200 (recorded: 200)" in completed.stdout
    assert f"STILL FAILING: finding {finding_id}" in completed.stdout


def test_replay_against_a_fixed_deployment_says_fixed(
    ci_run: RunOutcome, artifact: Path, finding_id: str, clean_deployment: str
) -> None:
    config = ci_run.reports.parent / "tenants.yaml"
    completed = replay(artifact, config, finding_id[:6], "--target-url", clean_deployment)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "answer: 200 (recorded: 200)" in completed.stdout
    assert f"FIXED: finding {finding_id}" in completed.stdout


def test_rerunning_the_test_with_the_runs_seed_reproduces_it(
    ci_run: RunOutcome, artifact: Path, finding_id: str
) -> None:
    completed = replay(artifact, ci_run.reports.parent / "tenants.yaml", finding_id, "--rerun-test")
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "--seed 1" in completed.stdout and f"STILL FAILING: finding {finding_id}" in completed.stdout


def test_an_unknown_finding_is_a_usage_error(ci_run: RunOutcome, artifact: Path) -> None:
    completed = replay(artifact, ci_run.reports.parent / "tenants.yaml", "0000000000")
    assert completed.returncode == 2
    assert "no finding `0000000000`" in completed.stderr and "known ids:" in completed.stderr
