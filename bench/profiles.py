"""Profiles: what `--profile ci` costs on the clean build and what it still catches, how fast.

    python bench/profiles.py                       # clean build (1 and 2 workers) + a sample per family
    python bench/profiles.py --profile default     # the same at default settings (time to first finding)
    python bench/profiles.py --all                 # every catalogued defect (the full sweep)
    python bench/profiles.py --workers 2 --only cross_tenant_read_by_id

Each row is one `tenantprobe run --profile P` (every suite, as users run it) against a fresh embedded
reference API with the worked example's rate limit: seconds of tests (the summary's duration, from
session start to reports), the command's wall time (interpreter, target start and spec load
included), seconds from launch to the end of the first test with a finding of the defect's family,
and the load average per core when the run ended (flagged above 1.5).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from _common import busy_flag, load_per_core, publish, table

from bench.harness import list_defects, run_tenantprobe
from bench.matrix import judge

# One or two defects of each family: the first finding of each kind of probe.
SAMPLE = (
    "error_with_empty_body",
    "request_id_missing_on_errors",
    "per_page_unbounded",
    "invoice_amount_decimal_string",
    "cross_tenant_read_by_id",
    "invoice_customer_filter_unscoped",
    "invoice_void_permission_missing",
    "member_role_escalation",
    "webhook_wrong_secret",
    "inbound_replay_accepted",
    "broadcast_auth_any_team",
    "ratelimit_headers_missing",
)


def one(folder: Path, profile: str, workers: int, defect: str | None, family: str) -> dict[str, Any]:
    launched = time.time()
    outcome = run_tenantprobe(
        folder,
        defects=(defect,) if defect else (),
        examples=None,
        seed=None,
        extra=("--profile", profile, "--workers", str(workers)),
        timeout=1800,
    )
    wall = time.time() - launched
    row = judge(outcome, family, defect, "default", launched, wall)
    summary = outcome.summary or {}
    return {
        "defect": defect or "(clean build)",
        "family": family,
        "workers": workers,
        "detected": row.detected if defect else not outcome.findings and outcome.exit_code == 0,
        "checks": row.checks if defect else sorted({f"{f['suite']}/{f['check']}" for f in outcome.findings}),
        "unrelated": row.unrelated if defect else [],
        "tests_s": summary.get("duration_s"),
        "wall_s": round(wall, 1),
        "first_s": row.seconds_to_first,
        "requests": summary.get("requests"),
        "seed": summary.get("seed"),
        "load": round(load_per_core(), 2),
        "by_family": seconds_by_family(outcome.reports / "junit.xml"),
    }


def seconds_by_family(junit: Path) -> dict[str, float]:
    """Seconds of test time per suite folder (``suites/<family>/...``), from junit.xml; summed over
    workers, so with two workers they add up to more than the run's duration."""
    spent: dict[str, float] = {}
    if not junit.exists():
        return spent
    for case in ET.parse(junit).iter("testcase"):
        parts = str(case.get("classname", "")).split(".")
        family = parts[1] if len(parts) > 1 and parts[0] == "suites" else "other"
        spent[family] = spent.get(family, 0.0) + float(case.get("time") or 0)
    return {name: round(value, 1) for name, value in sorted(spent.items(), key=lambda kv: -kv[1])}


def render(rows: list[dict[str, Any]]) -> str:
    header = ["defect", "family", "workers", "result", "checks", "unrelated", "tests s", "wall s",
              "s to first finding", "requests", "seed", "load/core"]  # fmt: skip
    body = []
    for r in rows:
        if r["defect"] == "(clean build)":
            result = "zero findings" if r["detected"] else "**FINDINGS**"
        else:
            result = "caught" if r["detected"] else "**MISSED**"
        load = f"{r['load']}" + (" ⚠" if busy_flag(r["load"]) else "")
        body.append([f"`{r['defect']}`", r["family"], r["workers"], result, ", ".join(r["checks"]) or "—",
                     ", ".join(r["unrelated"]) or "—", r["tests_s"], r["wall_s"], r["first_s"],
                     r["requests"], r["seed"], load])  # fmt: skip
    return table(header, body)


def notes(rows: list[dict[str, Any]], profile: str) -> str:
    clean = [r for r in rows if r["defect"] == "(clean build)"]
    defects = [r for r in rows if r["defect"] != "(clean build)"]
    firsts = [r["first_s"] for r in defects if r["first_s"] is not None]
    parts = [
        f"`--profile {profile}`, every suite, embedded target with `--rate-limit 300/5`.",
    ]
    if clean:
        seconds = ", ".join(f"{r['tests_s']} s with {r['workers']} worker(s)" for r in clean)
        parts.append(
            f"Clean builds: {sum(r['detected'] for r in clean)}/{len(clean)} with zero findings; "
            f"tests {seconds}."
        )
        for r in clean:
            spent = ", ".join(f"{name} {value}" for name, value in r["by_family"].items())
            parts.append(f"Test seconds per suite with {r['workers']} worker(s) (junit, summed): {spent}.")
    if defects:
        caught = sum(r["detected"] for r in defects)
        parts.append(f"Defects caught: {caught}/{len(defects)}.")
    if firsts:
        parts.append(
            f"Time to first finding from launch: median {statistics.median(firsts):.1f} s, "
            f"max {max(firsts):.1f} s."
        )
    busy = [r for r in rows if busy_flag(r["load"])]
    if busy:
        parts.append(
            f"⚠ {len(busy)} of {len(rows)} runs ended with load above 1.5 per core: seconds inflated."
        )
    return " ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profile", default="ci", choices=("ci", "default", "full"))
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="clean-build runs (default 1 2)"
    )
    parser.add_argument("--defect-workers", type=int, default=1, help="workers of the defect runs")
    parser.add_argument("--only", nargs="+", help="these defects (default: a sample of every family)")
    parser.add_argument("--all", action="store_true", help="every catalogued defect")
    parser.add_argument("--no-clean", action="store_true")
    args = parser.parse_args()
    families = {d["name"]: d["family"] for d in list_defects()}
    chosen = list(families) if args.all else (args.only or list(SAMPLE))
    unknown = [name for name in chosen if name not in families]
    if unknown:
        print(f"unknown defects: {', '.join(unknown)}", file=sys.stderr)
        return 2
    plan: list[tuple[int, str | None, str]] = []
    if not args.no_clean:
        plan += [(workers, None, "all") for workers in args.workers]
    plan += [(args.defect_workers, name, families[name]) for name in chosen]
    rows = []
    with tempfile.TemporaryDirectory(prefix="tp-profiles-") as scratch:
        for index, (workers, defect, family) in enumerate(plan):
            folder = Path(scratch) / f"{index:03d}"
            folder.mkdir()
            rows.append(one(folder, args.profile, workers, defect, family))
            print(rows[-1], file=sys.stderr, flush=True)
    publish(
        f"profile-{args.profile}",
        f"Profile `{args.profile}`: cost and catch",
        render(rows),
        notes(rows, args.profile),
    )
    ok = all(r["detected"] and not r["unrelated"] for r in rows)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
