"""`tenantprobe run` against a faulty target: it ends within its budget and says what went wrong.

Each test is one real run (a subprocess) against a faulty loopback server with `timeout_s: 2`.
Start-up of a run alone takes seconds on a loaded machine, so the bounds below are on what the
target could have cost: a run that waited for one 30-second answer would exceed them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.robustness.faulty_server import FaultyServer
from tests.robustness.targets import TOKENS, Run, run_tenantprobe, write_config

pytestmark = [pytest.mark.slow]

SLOW_ANSWER_S = 30.0
TIMEOUT_S = 2


def assert_no_crash_nor_secret(run: Run) -> None:
    """No internal error of pytest, no traceback outside a test's own report, no credential."""
    assert "INTERNALERROR" not in run.output, run.output[-3000:]
    if run.summary is None:  # stopped before the suites: one message, nothing else
        assert "Traceback" not in run.output, run.output[-3000:]
    for token in TOKENS.values():
        assert token not in run.output


def test_a_target_answering_every_request_after_30_s_ends_within_the_budget_with_a_clear_report(
    tmp_path: Path,
) -> None:
    with FaultyServer("slow", delay_s=SLOW_ANSWER_S) as server:
        config = write_config(tmp_path, server.url, timeout_s=TIMEOUT_S, budget_s=5)
        run = run_tenantprobe(config, "--examples", "2")
        answered = server.faulty_requests
    assert run.exit_code == 3, run.output[-3000:]
    assert "Expected `" + server.url + "` to answer `GET /me`, got no response" in run.output
    assert "check target.base_url" in run.output
    # Four principals, 2 s each at most, and the budget of 5 s cuts the rest.
    assert 1 <= answered <= 4
    assert run.summary is None
    assert_no_crash_nor_secret(run)


def test_a_spec_that_does_not_come_within_timeout_s_is_exit_3_naming_the_spec(tmp_path: Path) -> None:
    with FaultyServer("slow_spec", delay_s=SLOW_ANSWER_S) as server:
        config = write_config(tmp_path, server.url, timeout_s=TIMEOUT_S, budget_s=5)
        run = run_tenantprobe(config)
    assert run.exit_code == 3, run.output[-3000:]
    assert f"cannot reach {server.url}/openapi.json: ReadTimeout" in run.output
    assert_no_crash_nor_secret(run)


def test_when_only_identity_answers_the_suites_end_within_the_budget_with_errors_listed(
    tmp_path: Path,
) -> None:
    budget_s = 20
    with FaultyServer("slow", delay_s=SLOW_ANSWER_S, healthy_identity=True) as server:
        config = write_config(tmp_path, server.url, timeout_s=TIMEOUT_S, budget_s=budget_s)
        run = run_tenantprobe(config, "--suite", "contract", "--suite", "scoping", "--examples", "2")
    assert run.exit_code == 1, run.output[-3000:]
    assert run.summary is not None
    assert run.summary["duration_s"] < SLOW_ANSWER_S
    assert run.summary["errors"], "tests that met the timeout must be listed as harness errors"
    assert "ReadTimeout" in run.output
    assert "[harness errors: tests that failed without a finding]" in run.output
    assert_no_crash_nor_secret(run)


def test_a_storm_of_5xx_is_reported_as_findings(tmp_path: Path) -> None:
    with FaultyServer("error_storm", healthy_identity=True) as server:
        config = write_config(tmp_path, server.url, timeout_s=TIMEOUT_S, budget_s=30)
        run = run_tenantprobe(config, "--suite", "contract", "--examples", "2")
        sent = server.faulty_requests
    assert run.exit_code == 1, run.output[-3000:]
    assert run.summary is not None
    checks = {finding["check"] for finding in run.summary["findings"]}
    assert "not_a_server_error" in checks, checks
    assert sent < 200, f"{sent} requests into a failing target"
    assert_no_crash_nor_secret(run)


def test_reset_connections_end_the_run_with_errors_not_a_hang(tmp_path: Path) -> None:
    with FaultyServer("reset", healthy_identity=True) as server:
        config = write_config(tmp_path, server.url, timeout_s=TIMEOUT_S, budget_s=30)
        run = run_tenantprobe(config, "--suite", "contract", "--examples", "2")
    assert run.exit_code == 1, run.output[-3000:]
    assert run.summary is not None and run.summary["errors"]
    assert any(name in run.output for name in ("ConnectionResetError", "RemoteProtocolError", "ReadError"))
    assert_no_crash_nor_secret(run)
