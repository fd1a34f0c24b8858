"""Wall time of the scoping and rbac suites at 2, 4 and 8 tenants against the embedded reference API.

    python bench/bench_scoping.py [--tenants 2 4 8] [--suite scoping --suite rbac]

Each size gets its matrix from ``python -m reference_api demo-config --tenants N`` and runs
``tenantprobe run`` once; the table shows tests, requests and seconds, so the covering design's
growth (max(operations, n(n-1), roles) probes, not their product) can be read off.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def run_size(tenants: int, suites: list[str], folder: Path) -> dict[str, object]:
    demo = folder / f"t{tenants}"
    subprocess.run(
        [sys.executable, "-m", "reference_api", "demo-config", "--tenants", str(tenants), "--out", str(demo)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=60,
    )
    config = demo / "tenants.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    args = list(data["target"].get("embedded_args") or [])
    if "--tenants" not in args:
        data["target"]["embedded_args"] = [*args, "--tenants", str(tenants)]
        config.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    reports = demo / "reports"
    command = [
        sys.executable,
        "-m",
        "tenantprobe",
        "run",
        "--config",
        str(config),
        "--reports",
        str(reports),
        "--seed",
        "1",
        *(item for suite in suites for item in ("--suite", suite)),
    ]
    started = time.monotonic()
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - started
    summary = (
        json.loads((reports / "summary.json").read_text()) if (reports / "summary.json").exists() else {}
    )
    tests = summary.get("tests", {})
    return {
        "tenants": tenants,
        "principals": sum(len(t.get("principals", {})) for t in data["tenants"].values()),
        "exit": completed.returncode,
        "tests": sum(tests.values()) if tests else 0,
        "requests": summary.get("requests", 0),
        "findings": len(summary.get("findings", [])),
        "seconds": round(elapsed, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tenants", type=int, nargs="+", default=[2, 4, 8])
    parser.add_argument("--suite", action="append", default=None)
    options = parser.parse_args()
    suites = options.suite or ["scoping", "rbac"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="tp-bench-") as tmp:
        for tenants in options.tenants:
            rows.append(run_size(tenants, suites, Path(tmp)))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(f"| tenants | principals | tests | requests | findings | wall s |  ({' + '.join(suites)})")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['tenants']} | {row['principals']} | {row['tests']} | {row['requests']} | "
            f"{row['findings']} | {row['seconds']} |"
        )
    return 0 if all(row["exit"] == 0 for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
