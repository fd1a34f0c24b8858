"""Throughput: the contract suite with 1 and 4 principals vs a plain httpx keep-alive loop.

    python bench/throughput.py [--examples 10] [--loop-requests 1500]

One reference API process (one uvicorn worker, rate limit out of the way) serves all three phases in
turn. Requests are counted and time-stamped at the server (its JSON log, one line per request), so a
phase's rate is (requests - 1) / (last - first answer), whoever sent them. The ratio of each contract
phase to the loop is the number that matters: the machine is shared, so absolute rates are noisy.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import yaml
from _common import ROOT, publish, table
from _server import CountingServer, Phase, demo_env

PRINCIPALS = {1: ("manager",), 4: ("manager", "member", "viewer", "billing")}


def loop_requests(server: CountingServer, count: int, max_s: float) -> Phase:
    """A plain keep-alive loop over the spec's list operations (GETs without path parameters)."""
    env = demo_env()
    token = env["ACME_VIEWER_TOKEN"]
    spec = httpx.get(server.url + "/api/v1/openapi.json", timeout=30).json()
    paths = [
        path
        for path, item in spec["paths"].items()
        if "get" in item and "{" not in path and "openapi" not in path
    ]
    since = server.mark()
    started = time.monotonic()
    with httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=10
    ) as client:
        for index in range(count):
            client.get(paths[index % len(paths)])
            if time.monotonic() - started > max_s:
                break
    return server.phase("httpx keep-alive loop", since, time.monotonic() - started)


def config_for(folder: Path, roles: tuple[str, ...]) -> Path:
    data = yaml.safe_load((ROOT / "tenants.yaml").read_text(encoding="utf-8"))
    data["target"]["env_file"] = str(ROOT / "src" / "reference_api" / "demo.env")
    acme = data["tenants"]["acme"]
    acme["principals"] = {name: acme["principals"][name] for name in roles}
    data["tenants"] = {"acme": acme}  # one tenant: exactly the principals named, nobody else
    path = folder / f"tenants-{len(roles)}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def contract_phase(server: CountingServer, folder: Path, roles: tuple[str, ...], examples: int) -> Phase:
    config = config_for(folder, roles)
    command = [
        sys.executable,
        "-m",
        "tenantprobe",
        "run",
        "--config",
        str(config),
        "--target-url",
        server.url,
        "--suite",
        "contract",
        "--examples",
        str(examples),
        "--seed",
        "1",
        "--reports",
        str(folder / f"reports-{len(roles)}"),
        "--",
        "-q",
        "-k",
        "test_operation_honours_its_contract",
    ]
    since = server.mark()
    started = time.monotonic()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=1200)
    wall = time.monotonic() - started
    if completed.returncode not in (0, 1):
        print(completed.stdout[-3000:], completed.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"the contract run failed with exit {completed.returncode}")
    return server.phase(f"contract suite, {len(roles)} principal(s) ({', '.join(roles)})", since, wall)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--loop-requests", type=int, default=1500)
    args = parser.parse_args()
    phases: list[Phase] = []
    with (
        tempfile.TemporaryDirectory(prefix="tp-throughput-") as scratch,
        CountingServer("--rate-limit", "1000000/60") as server,
    ):
        phases.append(loop_requests(server, args.loop_requests, 60))
        for count in (1, 4):
            phases.append(contract_phase(server, Path(scratch), PRINCIPALS[count], args.examples))
        phases.append(loop_requests(server, args.loop_requests, 60))  # the server again, after
    loop_rate = (phases[0].rate + phases[-1].rate) / 2
    rows: list[list[Any]] = []
    for phase in phases:
        rows.append(
            [
                phase.name,
                phase.requests,
                round(phase.server_s, 1),
                round(phase.rate, 1),
                f"{phase.rate / loop_rate:.2f}" if loop_rate else "—",
                round(phase.wall_s, 1),
            ]
        )
    notes = (
        f"Loop rate (mean of the loop before and after): {loop_rate:.1f} requests/s. "
        "Ratio = phase rate / loop rate. `requests` and `server s` are counted at the server; "
        "`wall s` is the sender's whole time (for the contract phases: interpreter start, imports, "
        "spec load and canary setup included). "
        f"Contract phases: `tenantprobe run --suite contract --examples {args.examples} -- -k "
        "test_operation_honours_its_contract` (the generated tests of every operation, without the stateful "
        "and hostile-input tests, which do not scale with principals) against the same server, one tenant "
        "(acme) holding exactly the principals named."
    )
    header = ["phase", "requests", "server s", "requests/s", "ratio to loop", "wall s"]
    publish("throughput", "Throughput", table(header, rows), notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
