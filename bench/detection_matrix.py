"""Detection matrix: every catalogued reference-API defect, one `tenantprobe run` each.

    python bench/detection_matrix.py                  # every defect in the default dialect + clean build
    python bench/detection_matrix.py --all-dialects   # and in every dialect each defect applies to
    python bench/detection_matrix.py --only cross_tenant_read_by_id --jobs 1
    python bench/detection_matrix.py --alone          # each defect with its family's suite only
    python bench/detection_matrix.py --dialect path   # one dialect: the defects it applies to + clean
    python bench/detection_matrix.py --own-limit --jobs 8  # at the reference API's own 60/60 (paced)
    python bench/detection_matrix.py --all-dialects --workers 2  # each run with two pytest workers

Each run switches on one defect and makes the default run, as users do: every suite, one worker,
the default number of examples (a defect caught by its suite alone but missed here means one suite
disturbs another). Writes reports/detection-matrix.json and .md, bench/latest/ and the README section.
Exit 0 when every defect is detected, nothing unrelated fired, and every clean run had zero findings.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from _common import ROOT, publish, table

from bench.matrix import DEFAULT, DIALECTS, Dialect, Row, catalogue, dialects_for, relabelled, run_row

DEFAULT_EXAMPLES = 10  # tenantprobe run's default


def plan(args: argparse.Namespace) -> list[tuple[str, str | None, Dialect]]:
    defects = [d for d in catalogue() if not args.only or d["name"] in args.only]
    every = args.all_dialects or args.dialect is not None
    runs: list[tuple[str, str | None, Dialect]] = [
        (d["family"], d["name"], dialect)
        for d in defects
        for dialect in dialects_for(d, every=every)
        if args.dialect is None or dialect.name == args.dialect
    ]
    if not args.no_clean:
        cleans = [DIALECTS[args.dialect]] if args.dialect else DIALECTS.values() if every else [DEFAULT]
        runs += [("all", None, dialect) for dialect in cleans]
    return runs


def key(defect: str | None, dialect: str, suites: str = "every") -> tuple[str, str, str]:
    return (defect or "(clean build)", dialect, suites)


def suites_of(family: str, alone: bool) -> str:
    """What a row's run ran: "every" suite (the default run), or its family's alone."""
    return family if alone and family != "all" else "every"


def finished_rows(partial: Path) -> dict[tuple[str, str, str], Row]:
    rows: dict[tuple[str, str, str], Row] = {}
    if partial.exists():
        for line in partial.read_text(encoding="utf-8").splitlines():
            row = relabelled(Row(**json.loads(line)))
            rows[(row.defect, row.dialect, row.suites)] = row
    return rows


def render(rows: list[Row]) -> str:
    header = [
        "defect",
        "family",
        "dialect",
        "detected",
        "checks that fired",
        "unrelated findings",
        "s to first finding",
        "requests to first",
        "run wall s",
        "requests",
    ]
    body = []
    for row in rows:
        requests_to_first = row.requests_to_first
        if requests_to_first is not None and not row.requests_counted_exactly:
            requests_to_first = f"≤{requests_to_first}"
        detected = (
            ("yes" if row.detected else "**NO**")
            if row.defect != "(clean build)"
            else (
                "zero findings" if not row.unrelated and row.exit_code == 0 else f"**exit {row.exit_code}**"
            )
        )
        unrelated = ", ".join(row.unrelated) or "—"
        if row.also:
            unrelated += f" (expected with it: {', '.join(row.also)})"
        body.append(
            [
                f"`{row.defect}`",
                row.family,
                row.dialect,
                detected,
                ", ".join(row.checks) or "—",
                unrelated,
                row.seconds_to_first,
                requests_to_first,
                row.wall_s,
                row.requests,
            ]
        )
    return table(header, body)


def summary_line(rows: list[Row]) -> tuple[str, bool]:
    defect_rows = [r for r in rows if r.defect != "(clean build)"]
    clean_rows = [r for r in rows if r.defect == "(clean build)"]
    detected = {r.defect for r in defect_rows if r.detected}
    every = {r.defect for r in defect_rows}
    missed = sorted(f"{r.defect} ({r.dialect})" for r in defect_rows if not r.detected)
    noisy = sorted(f"{r.defect} ({r.dialect})" for r in defect_rows if r.unrelated)
    dirty = sorted(r.dialect for r in clean_rows if r.unrelated or r.exit_code != 0)
    ok = not missed and not noisy and not dirty
    line = (
        f"{len(detected)}/{len(every)} defects detected in {len(defect_rows)} runs; "
        f"missed: {', '.join(missed) or 'none'}; runs with unrelated findings: {', '.join(noisy) or 'none'}; "
        f"clean builds with findings: {', '.join(dirty) or 'none'} (of {len(clean_rows)})."
    )
    return line, ok


def _larger_budgets(rows: list[Row]) -> str:
    larger = [f"`{r.defect}` {r.budget_s}" for r in rows if (r.budget_s or 0) > 3600]
    return f", rows rerun with more: {', '.join(larger)}" if larger else ""


def _workers(count: int) -> str:
    return "one worker" if count == 1 else f"{count} workers"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--all-dialects", action="store_true", help="every dialect a defect applies to")
    parser.add_argument("--dialect", choices=sorted(DIALECTS), help="this dialect only (and its clean build)")
    parser.add_argument("--only", nargs="+", help="these defects only")
    parser.add_argument("--no-clean", action="store_true", help="skip the clean-build runs")
    parser.add_argument("--alone", action="store_true", help="each defect with its family's suite only")
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES, help="examples per operation")
    parser.add_argument("--out", default=str(ROOT / "reports"), help="where the matrix files go")
    parser.add_argument("--resume", action="store_true", help="keep the rows an interrupted run finished")
    parser.add_argument(
        "--own-limit",
        action="store_true",
        help="the reference API's own limit (60/60 per token) instead of 300/5: runs pace and mostly wait, "
        "so more jobs fit",
    )
    parser.add_argument(
        "--budget-s", type=int, help="with --own-limit: each run's target.budget_s (default 3600)"
    )
    parser.add_argument("--workers", type=int, default=1, help="pytest workers per run (default 1)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = "detection-matrix-own-limit" if args.own_limit else "detection-matrix"
    if args.workers != 1:
        stem += f"-{args.workers}-workers"
    partial = out / f"{stem}.partial.jsonl"
    done = finished_rows(partial) if args.resume else {}
    if not args.resume:
        partial.unlink(missing_ok=True)
    runs = plan(args)
    todo = [
        index
        for index, (family, defect, dialect) in enumerate(runs)
        if key(defect, dialect.name, suites_of(family, args.alone)) not in done
    ]
    print(f"{len(runs)} runs ({len(runs) - len(todo)} kept), {args.jobs} at a time", file=sys.stderr)
    lock = threading.Lock()
    with tempfile.TemporaryDirectory(prefix="tp-matrix-") as scratch:

        def one(index: int) -> Row:
            family, defect, dialect = runs[index]
            folder = Path(scratch) / f"{index:03d}"
            folder.mkdir()
            row = run_row(
                folder,
                family,
                defect,
                dialect,
                args.examples,
                alone=args.alone,
                own_limit=args.own_limit,
                workers=args.workers,
                budget_s=args.budget_s,
            )
            print(
                f"  {row.defect} [{row.dialect}]: exit={row.exit_code} starts={row.starts} "
                f"detected={row.detected} checks={row.checks} "
                f"unrelated={row.unrelated} {row.wall_s}s",
                file=sys.stderr,
                flush=True,
            )
            with lock, partial.open("a", encoding="utf-8") as sink:
                sink.write(json.dumps(row.as_dict()) + "\n")
            return row

        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            fresh = dict(zip(todo, pool.map(one, todo), strict=True))
    rows = [
        fresh[i] if i in fresh else done[key(d, dialect.name, suites_of(family, args.alone))]
        for i, (family, d, dialect) in enumerate(runs)
    ]
    line, ok = summary_line(rows)
    (out / f"{stem}.json").write_text(
        json.dumps({"summary": line, "ok": ok, "rows": [r.as_dict() for r in rows]}, indent=2),
        encoding="utf-8",
    )
    how = (
        "each defect with its family's suite alone"
        if args.alone
        else f"the default run, as users make it (every suite, {_workers(args.workers)})"
    )
    notes = (
        f"**{line}** Each row is {how}, at {args.examples} examples per operation. "
        "Seconds are wall time from the command's launch (interpreter start, embedded "
        "target start, spec load included) to the end of the first test with a finding of the defect's "
        "family; requests are counted at the server (its JSON request log) up to that finding's "
        "request (`≤` where the finding's evidence is not a request to the target, e.g. a webhook "
        "delivery or a WebSocket frame: the run's total). The machine is shared: seconds are noisy."
    )
    limit = (
        "the reference API's own limit, 60 requests per 60 s per token "
        f"(paced; `target.budget_s` 3600{_larger_budgets(rows)})"
        if args.own_limit
        else ("the relaxed limit 300/5 of the worked example")
    )
    notes += f" Rate limit: {limit}."
    title = "Detection matrix at the reference API's own limit" if args.own_limit else "Detection matrix"
    if args.workers != 1:
        title += f" with {_workers(args.workers)}"
    block = publish(stem, title, render(rows), notes)
    (out / f"{stem}.md").write_text(block, encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
