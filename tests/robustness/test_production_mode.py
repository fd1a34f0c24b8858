"""Production mode across every suite: only safe methods reach the target, no rate limit is spent.

The reference API runs on its own and logs every request it serves (method, route, status); the
log is the witness of what a whole `tenantprobe run` in production mode sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench.harness import DEFAULT_ARGS, write_config
from tests.robustness.leftovers import reference_api, take_inventory
from tests.robustness.targets import run_tenantprobe

pytestmark = [pytest.mark.slow]

SAFE = {"GET", "HEAD", "OPTIONS"}


def served(log: Path) -> list[dict[str, Any]]:
    requests = []
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if "method" in entry and "status" in entry:
                requests.append(entry)
    return requests


def production(url: str, **target: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["target"].update({"base_url": url, "mode": "production", "confirm_production": True, **target})

    return edit


def test_a_production_run_of_every_suite_sends_only_safe_methods_and_spends_no_rate_limit(
    tmp_path: Path,
) -> None:
    with reference_api(tmp_path, *DEFAULT_ARGS) as url:
        before = take_inventory(url)
        config = write_config(tmp_path, edit=production(url))
        run = run_tenantprobe(config, "--examples", "3", timeout=600)
        after = take_inventory(url)
    assert run.exit_code == 0, run.output[-3000:]  # the clean build: no finding, in production mode too
    assert "INTERNALERROR" not in run.output
    requests = served(tmp_path / "reference_api.log")
    assert len(requests) > 50, "the run must have reached the target"
    unsafe = sorted({f"{r['method']} {r['route']}" for r in requests if r["method"] not in SAFE})
    assert unsafe == [], f"production mode sent {unsafe}"
    assert not [r for r in requests if r["status"] == 429], "production mode spent a rate limit"
    assert after == before
    assert run.summary is not None
    reasons = " ".join(str(reason) for reason in run.summary["skipped"].values())
    assert "production mode" in reasons  # what was not run says why


def test_production_without_confirmation_does_not_start(tmp_path: Path) -> None:
    config = write_config(tmp_path, edit=production("http://127.0.0.1:9", confirm_production=False))
    run = run_tenantprobe(config)
    assert run.exit_code == 2, run.output[-2000:]
    assert "target.confirm_production" in run.output
    assert "Traceback" not in run.output
