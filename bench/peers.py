"""Peers: the same target and defects under the `schemathesis run` CLI.

    python bench/peers.py [--examples 10] [--jobs 2] [--only DEFECT ...]

Two configurations: (1) `schemathesis run` with its default checks, authenticated as one user
(acme's manager); (2) the same plus `object_level_authorization`, which needs a Web Fuzzing Commons
auth document and two users listed as `peers` under `[auth.wfc]` (acme's and globex's managers).
Both run against the clean build for speed and false alarms. Each defect then runs once, under
configuration (2), against a fresh reference API (tenantprobe's worked-example flags: rate limit 300/5
s): the default checks' column counts its failures of every check but object_level_authorization, the
other column all of them (one run per defect instead of two keeps the benchmark within a CI hour; it
can only flatter schemathesis, since two users see more than one). A defect counts as found when a
failure (check + operation) appears that the clean build's run of that configuration does not show.
Requests are counted at the server.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _common import ROOT, publish, table
from _server import CountingServer, demo_env

from bench.matrix import catalogue

SPEC = "/api/v1/openapi.json"
SERVER_FLAGS = ("--rate-limit", "300/5")
DEFAULT, OLA = "default checks", "default + object_level_authorization"
OLA_TITLE = "Object-level authorization"


def write_configs(folder: Path) -> dict[str, tuple[list[str], list[str]]]:
    """configuration name -> (global options, run options)."""
    env = demo_env()
    users = {"acme": env["ACME_MANAGER_TOKEN"], "globex": env["GLOBEX_MANAGER_TOKEN"]}
    document = {
        "auth": [
            {"name": name, "fixedHeaders": [{"name": "Authorization", "value": f"Bearer {token}"}]}
            for name, token in users.items()
        ]
    }
    (folder / "users.json").write_text(json.dumps(document), encoding="utf-8")
    (folder / "ola.toml").write_text(
        f'[auth.wfc]\npath = "{folder / "users.json"}"\npeers = ["acme", "globex"]\n', encoding="utf-8"
    )
    (folder / "default.toml").write_text("", encoding="utf-8")
    return {
        DEFAULT: (
            ["--config-file", str(folder / "default.toml")],
            ["-H", f"Authorization: Bearer {users['acme']}"],
        ),
        OLA: (["--config-file", str(folder / "ola.toml")], []),
    }


def failures(junit: Path) -> set[str]:
    """`check · operation` for every failure in schemathesis' JUnit report."""
    found: set[str] = set()
    if not junit.exists():
        return found
    for case in ET.parse(junit).getroot().iter("testcase"):
        for failure in [*case.findall("failure"), *case.findall("error")]:
            text = " ".join(filter(None, [failure.get("message"), failure.text]))
            titles = [line.strip(" -") for line in text.splitlines() if line.strip().startswith("- ")]
            for title in titles or [text.splitlines()[0] if text else "failure"]:
                found.add(f"{title[:80]} · {case.get('name')}")
    return found


def one_run(
    folder: Path, name: str, options: tuple[list[str], list[str]], defect: str | None, examples: int
) -> dict[str, Any]:
    global_options, run_options = options
    reports = folder / "reports"
    with CountingServer(*SERVER_FLAGS, defects=(defect,) if defect else ()) as server:
        since = server.mark()
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            *global_options,
            "run",
            server.url + SPEC,
            "--max-examples",
            str(examples),
            "--seed",
            "1",
            "--report",
            "junit",
            "--report-dir",
            str(reports),
            "--no-color",
            *run_options,
        ]
        started = time.monotonic()
        completed = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=1800)
        wall = time.monotonic() - started
        phase = server.phase(name, since, wall)
    return {
        "config": name,
        "defect": defect,
        "exit": completed.returncode,
        "failures": sorted(failures(next(iter(reports.glob("*.xml")), reports / "missing.xml"))),
        "requests": phase.requests,
        "rate": round(phase.rate, 1),
        "wall_s": round(wall, 1),
        "tail": completed.stdout[-1500:] if completed.returncode not in (0, 1) else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--examples", type=int, default=10, help="schemathesis --max-examples (tenantprobe's default)"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="+", help="these defects only")
    parser.add_argument("--render", action="store_true", help="only redraw the table from reports/peers.json")
    args = parser.parse_args()
    defects = [d for d in catalogue() if not args.only or d["name"] in args.only]
    if args.render:
        results = json.loads((ROOT / "reports" / "peers.json").read_text(encoding="utf-8"))
        ran = {r["defect"] for r in results}
        return render(results, [d for d in defects if d["name"] in ran], args.examples)
    with tempfile.TemporaryDirectory(prefix="tp-peers-") as scratch:
        configs = write_configs(Path(scratch))
        runs = [(name, None) for name in configs] + [(OLA, d["name"]) for d in defects]

        def run(index: int) -> dict[str, Any]:
            name, defect = runs[index]
            folder = Path(scratch) / f"{index:03d}"
            folder.mkdir()
            result = one_run(folder, name, configs[name], defect, args.examples)
            print(
                f"  {name} {defect}: exit {result['exit']} {len(result['failures'])} failures "
                f"{result['wall_s']}s {result['tail']}",
                file=sys.stderr,
                flush=True,
            )
            return result

        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            results = list(pool.map(run, range(len(runs))))
    (ROOT / "reports").mkdir(exist_ok=True)
    (ROOT / "reports" / "peers.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return render(results, defects, args.examples)


def render(results: list[dict[str, Any]], defects: list[dict[str, str]], examples: int) -> int:
    clean = {r["config"]: set(r["failures"]) for r in results if r["defect"] is None}
    found: dict[tuple[str, str], list[str]] = {}
    for result in results:
        if result["defect"] is not None:
            new = sorted(set(result["failures"]) - clean[OLA])
            found[(OLA, result["defect"])] = new
            found[(DEFAULT, result["defect"])] = [failure for failure in new if OLA_TITLE not in failure]
    matrix = ROOT / "reports" / "detection-matrix.json"
    ours = {}
    if matrix.exists():
        ours = {
            r["defect"]: r["detected"]
            for r in json.loads(matrix.read_text())["rows"]
            if r["dialect"] == "default"
        }
    names = list(clean)
    body = []
    for defect in defects:
        row: list[Any] = [f"`{defect['name']}`", defect["family"]]
        for name in names:
            new = found.get((name, defect["name"]), [])
            row.append("yes: " + "; ".join(new[:2]) if new else "no")
        row.append({True: "yes", False: "**no**"}.get(ours.get(defect["name"]), "not run"))  # type: ignore[arg-type]
        body.append(row)
    totals = ["**defects found**", ""]
    for name in names:
        totals.append(str(sum(1 for d in defects if found.get((name, d["name"])))))
    totals.append(str(sum(1 for d in defects if ours.get(d["name"]))))
    body.append(totals)
    header = ["defect", "family", *(f"schemathesis: {n}" for n in names), "tenantprobe"]
    speed = [
        [
            "clean build, " + n,
            len(clean[n]),
            *next(
                [r["requests"], r["rate"], r["wall_s"]]
                for r in results
                if r["config"] == n and r["defect"] is None
            ),
        ]
        for n in names
    ]
    notes = (
        f"`schemathesis run --max-examples {examples} --seed 1` (schemathesis "
        f"{_version()}); a defect is found when a failure appears that the clean build's run of the same "
        "configuration does not show (the first two such failures are listed). Clean-build speed and the "
        "failures schemathesis reports on the clean build (false alarms, or spec strictness):\n\n"
        + table(["run", "failures on the clean build", "requests", "requests/s", "wall s"], speed)
        + "\n\ntenantprobe column: the detection matrix (reports/detection-matrix.json), default dialect."
    )
    publish("peers", "Peers: schemathesis CLI on the same target and defects", table(header, body), notes)
    return 0


def _version() -> str:
    completed = subprocess.run(["schemathesis", "--version"], capture_output=True, text=True, check=False)
    return completed.stdout.strip().split()[-1] if completed.stdout.strip() else "?"


if __name__ == "__main__":
    raise SystemExit(main())
