"""``tenantprobe report``: the Allure HTML with the CLI where present, how to install it where absent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tenantprobe.cli.report import allure_major_version, find_allure, generate_command
from tenantprobe.reporting.allure import allure_categories

ROOT = Path(__file__).resolve().parents[2]


def allure_results(tmp_path: Path) -> Path:
    results = tmp_path / "reports" / "allure-results"
    results.mkdir(parents=True)
    result = {
        "uuid": "0f0f0f0f-0000-0000-0000-000000000001",
        "name": "test_operation_honours_its_contract[GET /things]",
        "fullName": "suites.contract.test_contract#test_operation_honours_its_contract",
        "status": "failed",
        "statusDetails": {"message": "[contract] status_code_conformance · GET /things · red/viewer: 500"},
        "start": 1,
        "stop": 2,
    }
    (results / f"{result['uuid']}-result.json").write_text(json.dumps(result))
    (results / "categories.json").write_text(json.dumps(allure_categories()))
    return tmp_path / "reports"


def run_report(reports: Path, *extra: str, path: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if path is not None:
        env["PATH"] = path
    return subprocess.run(
        [sys.executable, "-m", "tenantprobe", "report", "--reports", str(reports), *extra],
        capture_output=True, text=True, timeout=300, env=env, cwd=reports.parent, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_without_the_allure_cli_it_says_how_to_install_it(tmp_path: Path) -> None:
    reports = allure_results(tmp_path)
    completed = run_report(reports, path=str(Path(sys.executable).parent))
    assert completed.returncode == 2
    assert "npm install --save-dev allure" in completed.stderr
    assert "allure-commandline" in completed.stderr
    assert "summary.html" in completed.stderr


def test_without_results_it_says_to_run_first(tmp_path: Path) -> None:
    completed = run_report(tmp_path / "reports")
    assert completed.returncode == 2
    assert "run `tenantprobe run` first" in completed.stderr


def test_both_allure_generations_get_their_own_options(tmp_path: Path) -> None:
    results, output = tmp_path / "r", tmp_path / "o"
    assert generate_command("allure", results, output, 2)[-1] == "--clean"
    assert generate_command("allure", results, output, 3)[-2:] == ["--output", str(output)]


@pytest.mark.slow
def test_with_the_allure_cli_it_builds_the_html_report(tmp_path: Path) -> None:
    allure = os.environ.get("TP_ALLURE") or find_allure() or shutil.which("allure")
    if allure is None:
        pytest.skip("no Allure CLI installed (npm install allure, or set TP_ALLURE); not exercised here")
    reports = allure_results(tmp_path)
    completed = run_report(reports, "--allure", allure)
    assert completed.returncode == 0, completed.stderr
    report = reports / "allure-report"
    assert (report / "index.html").is_file()
    rendered = [json.loads(path.read_text()) for path in (report / "data" / "test-results").glob("*.json")]
    if allure_major_version(allure) == 3:  # Allure 3 keeps each result with the category it matched
        assert rendered, "Allure 3 wrote no data/test-results"
        assert [category["name"] for category in rendered[0]["categories"]] == ["Contract"]
