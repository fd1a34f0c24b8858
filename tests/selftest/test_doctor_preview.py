"""`tenantprobe doctor` previews coverage: after the preflight, each family's verdict and, for what
will not be proven, the reason and the key that changes it (one doctor run, no suite)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from bench.harness import ROOT, write_config

pytestmark = [pytest.mark.slow, pytest.mark.selftest]


def without_events_and_inbound(data: dict[str, Any]) -> None:
    del data["events"]
    del data["webhooks"]["inbound"]


@pytest.fixture(scope="module")
def doctor_output(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("doctor-preview")
    config = write_config(folder, edit=without_events_and_inbound)
    completed = subprocess.run(
        [sys.executable, "-m", "tenantprobe", "doctor", "--config", str(config)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


def family_line(output: str, family: str) -> str:
    preview = output.split("coverage preview", 1)[1]
    return next(line for line in preview.splitlines() if line.strip().startswith(family + " "))


def test_doctor_names_an_unproven_family_with_its_reason(doctor_output: str) -> None:
    assert "coverage preview" in doctor_output
    assert family_line(doctor_output, "events").split()[-1] == "skipped"
    assert "no events transport" in doctor_output
    assert "no inbound settings (webhooks.inbound)" in doctor_output


def test_doctor_says_what_the_worked_config_does_cover(doctor_output: str) -> None:
    for family in ("preflight", "contract", "rbac"):
        assert family_line(doctor_output, family).split()[-1] == "run", family
    # Invoices have no DELETE, but the worked config lists them as canaries: no gap claimed there.
    assert "/api/v1/invoices" not in doctor_output.split("coverage preview", 1)[1]
