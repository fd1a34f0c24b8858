"""Where the contract suite's time goes: one profiled run each with 1 and 4 principals.

    python bench/where_time_goes.py [--examples 10]

The same runs as bench/throughput.py's contract phases (the generated tests of every operation,
against one reference API with its limit out of the way), with the pytest process under cProfile.
Each run's time is split into buckets by the cumulative time of the functions that bound them, so
the table says what a faster suite would have to shrink. cProfile slows Python code more than waiting
on sockets: the shares, not the seconds, are what compare with an unprofiled run.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _common import ROOT, publish, table
from _server import CountingServer
from throughput import PRINCIPALS, config_for

# bucket -> (file suffix, function) whose cumulative time bounds it
BOUNDS = {
    "session": ("_pytest/main.py", "pytest_cmdline_main"),
    "collection": ("_pytest/main.py", "pytest_collection"),
    "tests": ("_pytest/runner.py", "pytest_runtest_call"),
    "case": ("families/contract/runner.py", "run"),
    "send": ("schemathesis/generation/case.py", "call"),
    "wait": ("http/client.py", "getresponse"),
    "checks": ("schemathesis/generation/case.py", "validate_response"),
}


def pytest_command(config: Path, url: str, reports: Path, examples: int) -> list[str]:
    """The pytest command `tenantprobe run` would start for the throughput bench's contract phase."""
    from tenantprobe.cli import run as run_command
    from tenantprobe.cli.main import main

    captured: list[str] = []
    original = run_command.run_until_done
    run_command.run_until_done = lambda command: captured.extend(command) or 0
    try:
        main([
            "run", "--config", str(config), "--target-url", url, "--suite", "contract",
            "--examples", str(examples), "--seed", "1", "--reports", str(reports),
            "--", "-q", "-k", "test_operation_honours_its_contract",
        ])  # fmt: skip
    finally:
        run_command.run_until_done = original
    return captured


def cumulative(stats: pstats.Stats, suffix: str, function: str) -> float:
    """The largest cumulative time of ``function`` defined in a file ending with ``suffix``."""
    times = [
        values[3]
        for (filename, _, name), values in stats.stats.items()  # type: ignore[attr-defined]
        if name == function and suffix in filename
    ]
    return max(times, default=0.0)


def buckets(profile: Path) -> dict[str, float]:
    """The run's time in disjoint parts that add up to the pytest session."""
    stats = pstats.Stats(str(profile))
    got = {name: cumulative(stats, *bound) for name, bound in BOUNDS.items()}
    return {
        "pytest start, plugin and spec load, reports": got["session"] - got["collection"] - got["tests"],
        "collection (the schema parametrized)": got["collection"],
        "case generation and per-test overhead (hypothesis, pytest, allure)": got["tests"] - got["case"],
        "harness per case (aiming, tenants, references)": got["case"] - got["send"] - got["checks"],
        "client HTTP stack (schemathesis, requests, urllib3)": got["send"] - got["wait"],
        "waiting for and reading responses": got["wait"],
        "response checks (schemathesis)": got["checks"],
    }


def profiled_run(
    server: CountingServer, folder: Path, roles: tuple[str, ...], examples: int
) -> dict[str, Any]:
    config = config_for(folder, roles)
    command = pytest_command(config, server.url, folder / f"reports-{len(roles)}", examples)
    profile = folder / f"contract-{len(roles)}.prof"
    since = server.mark()
    completed = subprocess.run(
        [sys.executable, "-m", "cProfile", "-o", str(profile), *command[1:]],
        cwd=ROOT, capture_output=True, text=True, timeout=1800, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if completed.returncode not in (0, 1):
        print(completed.stdout[-3000:], completed.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"the profiled run failed with exit {completed.returncode}")
    phase = server.phase(f"{len(roles)} principal(s)", since, 0.0)
    return {"principals": len(roles), "requests": phase.requests, "buckets": buckets(profile)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="tp-profile-") as scratch,
        CountingServer("--rate-limit", "1000000/60") as server,
    ):
        runs = [profiled_run(server, Path(scratch), PRINCIPALS[count], args.examples) for count in (1, 4)]
    header = ["where", *(f"{r['principals']} principal(s): s (share)" for r in runs),
              *(f"{r['principals']} principal(s): ms per request" for r in runs)]  # fmt: skip
    rows = []
    for name in runs[0]["buckets"]:
        cells = []
        for run in runs:
            total = sum(run["buckets"].values()) or 1.0
            seconds = run["buckets"][name]
            cells.append(f"{seconds:.1f} ({100 * seconds / total:.0f}%)")
        per_request = [f"{1000 * run['buckets'][name] / max(run['requests'], 1):.1f}" for run in runs]
        rows.append([name, *cells, *per_request])
    totals = [f"{sum(r['buckets'].values()):.1f}" for r in runs]
    rows.append(["**total** (requests at the server)", *totals, *(str(r["requests"]) for r in runs)])
    notes = (
        "One reference API (limit out of the way) serves both runs; each is `tenantprobe run --suite "
        f"contract --examples {args.examples} -- -k test_operation_honours_its_contract` with its pytest "
        "process under "
        "cProfile (which inflates Python time against socket waits). Buckets are cumulative times of the "
        "functions that bound them: generation is the test calls minus the harness' handling of each case, "
        "the client stack "
        "is a case's send minus waiting for its response, per-request figures divide by the requests the "
        "server counted."
    )
    publish("where-time-goes", "Where the contract suite's time goes", table(header, rows), notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
