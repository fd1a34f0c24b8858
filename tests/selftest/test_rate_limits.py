"""The rate-limit suite catches every rate-limit defect of the reference API in every header dialect,
and finds nothing on the clean build.

Each run is a whole ``tenantprobe run --suite rate_limits`` against a fresh embedded reference API
with a small window (40 requests per 3 s). Defects that touch different properties share a run
(their checks are distinct, so each finding still names its defect); a dialect's runs go two at a time.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bench.harness import RunOutcome, list_defects, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

DIALECTS = ("laravel", "ietf", "github")
# defect -> the check that must catch it
EXPECTED = {
    "ratelimit_headers_missing": "rate_limit_headers",
    "ratelimit_shared_bucket": "rate_limit_per_tenant",
    "ratelimit_429_without_retry_after": "rate_limit_retry_after",
    "ratelimit_remaining_stuck": "rate_limit_remaining_counts_down",
    "ratelimit_not_enforced": "rate_limit_enforced",
}
# Runs per dialect: defects in one run never mask each other's check.
RUNS: dict[str, tuple[str, ...]] = {
    "clean": (),
    "announce": ("ratelimit_headers_missing", "ratelimit_shared_bucket", "ratelimit_429_without_retry_after"),
    "countdown": ("ratelimit_remaining_stuck",),
    "enforce": ("ratelimit_not_enforced",),
}


def _run(folder: Path, dialect: str, defects: tuple[str, ...]) -> RunOutcome:
    def edit(data: dict[str, Any]) -> None:
        data["rate_limits"]["dialect"] = dialect

    return run_tenantprobe(
        folder,
        suites=("rate_limits",),
        defects=defects,
        dialect=("--rate-limit", "40/3", "--ratelimit-headers", dialect),
        edit=edit,
        timeout=400,
    )


_OUTCOMES: dict[str, dict[str, RunOutcome]] = {}


@pytest.fixture
def outcomes(tmp_path_factory: pytest.TempPathFactory, dialect: str) -> dict[str, RunOutcome]:
    """The four runs of one dialect (two at a time), once per test session."""
    if dialect not in _OUTCOMES:
        with ThreadPoolExecutor(2) as pool:
            futures = {
                run: pool.submit(_run, tmp_path_factory.mktemp(f"{dialect}-{run}"), dialect, defects)
                for run, defects in RUNS.items()
            }
            _OUTCOMES[dialect] = {run: future.result() for run, future in futures.items()}
    return _OUTCOMES[dialect]


def test_every_rate_limit_defect_has_an_expected_check() -> None:
    catalogue = {d["name"] for d in list_defects() if d["family"] == "rate_limits"}
    assert catalogue == set(EXPECTED), "a rate-limit defect was added or removed: update EXPECTED and RUNS"
    assert {defect for defects in RUNS.values() for defect in defects} == set(EXPECTED)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_clean_build_has_no_rate_limit_findings(outcomes, dialect: str) -> None:
    outcome = outcomes["clean"]
    assert outcome.summary is not None, outcome.output[-3000:]
    assert outcome.findings == [], outcome.findings
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.summary["tests"]["skipped"] == 0, "every property must be judged on the clean build"


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("defect", sorted(EXPECTED))
def test_defect_is_caught_by_its_check(outcomes, dialect: str, defect: str) -> None:
    run = next(name for name, defects in RUNS.items() if defect in defects)
    outcome = outcomes[run]
    assert outcome.exit_code == 1, outcome.output[-3000:]
    assert outcome.families() == {"rate_limits"}, outcome.findings
    assert EXPECTED[defect] in outcome.checks(), (defect, outcome.checks())
    assert not outcome.summary or not outcome.summary.get("errors"), outcome.summary


@pytest.mark.parametrize("dialect", DIALECTS)
def test_defect_runs_raise_no_unrelated_rate_limit_checks(outcomes, dialect: str) -> None:
    allowed = {
        "announce": {"rate_limit_headers", "rate_limit_per_tenant", "rate_limit_per_principal",
                     "rate_limit_retry_after"},
        "countdown": {"rate_limit_remaining_counts_down", "rate_limit_exact_budget"},
        "enforce": {"rate_limit_enforced"},
    }  # fmt: skip
    for run, checks in allowed.items():
        found = outcomes[run].checks()
        assert found <= checks, (run, found - checks)
