"""``tenantprobe run``: a thin layer over ``pytest suites`` with the same options."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

from tenantprobe.core.config import ConfigError, load_config
from tenantprobe.core.profile import PROFILES
from tenantprobe.families import NAMES
from tenantprobe.reporting.selection import TEST_OPTION

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_TARGET = 0, 1, 2, 3
SUITE_NAMES = NAMES  # one suite folder per family


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="tenants.yaml", help="the fixture matrix (default: tenants.yaml)")
    parser.add_argument("--target-url", help="base URL of the deployment (overrides target.base_url)")
    parser.add_argument(
        "--suite", action="append", choices=SUITE_NAMES, help="run only this suite (repeatable)"
    )
    parser.add_argument("--workers", type=int, default=1, help="parallel workers (pytest-xdist)")
    parser.add_argument(
        "--profile",
        choices=sorted(PROFILES),
        help="ci: every build (seed from the spec's hash, 3 examples); full: before go-live (50 examples, "
        "long sequences); default: explore (fresh seed, 10 examples). Overrides tenants.yaml's profile",
    )
    parser.add_argument("--examples", type=int, help="generated examples per operation (the profile's)")
    parser.add_argument(
        "--seed", type=int, help="seed for generated data: the same seed gives the same cases"
    )
    parser.add_argument("--reports", default="reports", help="report folder (default: reports)")
    parser.add_argument("-x", "--exitfirst", action="store_true", help="stop at the first finding")
    parser.add_argument("--maxfail", type=int, help="stop after this many failed tests")
    parser.add_argument("--last-failed", action="store_true", help="rerun the last failures first")
    parser.set_defaults(handler=handle)


def suites_root(config_path: Path) -> Path:
    """The harness tree: ./suites, else the suites folder beside the configuration, else the one of
    the checkout tenantprobe runs from (so printed commands work from any folder)."""
    checkout = Path(__file__).resolve().parents[3]
    for candidate in (Path.cwd() / "suites", config_path.resolve().parent / "suites", checkout / "suites"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("no suites/ folder here nor beside the configuration")


def pytest_arguments(args: argparse.Namespace, suites: Path) -> list[str]:
    reports = Path(args.reports)
    selected = [str(suites / name) for name in args.suite or SUITE_NAMES if (suites / name).is_dir()]
    if names_tests(args.pytest_args, suites):
        selected = []  # `-- suites/x/test_y.py::test_z`: run just that, not every suite besides
    arguments = [
        *selected,
        "--rootdir", str(suites.parent),
        "--tp-config", str(Path(args.config).resolve()),
        "--tp-reports", str(reports),
        "--junitxml", str(reports / "junit.xml"),
        "--alluredir", str(reports / "allure-results"),
        "-p", "no:randomly",
        "-o", "console_output_style=count",
    ]  # fmt: skip
    if args.target_url:
        arguments += ["--tp-target-url", args.target_url]
    if args.profile:
        arguments += ["--tp-profile", args.profile]
    if args.examples:
        arguments += ["--tp-examples", str(args.examples)]
    if args.exitfirst:
        arguments += ["--exitfirst"]
    if args.maxfail:
        arguments += ["--maxfail", str(args.maxfail)]
    if args.seed is not None:
        arguments += ["--tp-seed", str(args.seed), f"--hypothesis-seed={args.seed}"]
    if args.workers > 1:
        arguments += ["-n", str(args.workers), "--dist", "loadgroup"]
    if args.last_failed:
        arguments += ["--last-failed", "--last-failed-no-failures", "all"]
    return arguments + list(args.pytest_args)


def names_tests(pytest_args: list[str], suites: Path) -> bool:
    """Whether the extra pytest arguments name tests of the suites (node ids, files, folders)."""
    root = suites.resolve()
    for before, arg in zip(["", *pytest_args], pytest_args, strict=False):
        if arg.startswith("-") or before == TEST_OPTION:  # `--tp-test NODEID` selects among the suites
            continue
        path = Path(arg.split("::")[0]).resolve()
        if path.exists() and (path == root or root in path.parents):
            return True
    return False


def handle(args: argparse.Namespace) -> int:
    config_path = Path(args.config)
    try:
        load_config(config_path, target_url=args.target_url)
    except ConfigError as error:
        print(error.render(), file=sys.stderr)
        return EXIT_USAGE
    try:
        suites = suites_root(config_path)
    except FileNotFoundError as error:
        print(f"tenantprobe: {error}; run from the tenantprobe checkout", file=sys.stderr)
        return EXIT_USAGE
    reports = Path(args.reports)
    previous = _previous_summary(reports)
    shutil.rmtree(reports / "allure-results", ignore_errors=True)
    (reports / "summary.json").unlink(missing_ok=True)
    # A child process, so a run is exactly `pytest suites ...` (and import state stays clean).
    code = run_until_done([sys.executable, "-m", "pytest", *pytest_arguments(args, suites)])
    summary = _read_summary(reports)
    if summary is not None:
        print_closing_summary(summary, previous, reports)
    return exit_code(code, summary)


def run_until_done(command: list[str]) -> int:
    """The child's exit code. Ctrl-C reaches the child too (same process group): it stops, removes
    what the run created and writes its reports, so it is waited for, never killed, until a
    third Ctrl-C."""
    process = subprocess.Popen(command)
    interrupts = 0
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            interrupts += 1
            if interrupts == 1:
                print("\ntenantprobe: interrupted; removing what the run created ...", file=sys.stderr)
            if interrupts >= 3:
                process.kill()


def exit_code(pytest_code: int, summary: dict[str, object] | None) -> int:
    if pytest_code in (EXIT_USAGE, EXIT_TARGET) and summary is None:
        return pytest_code  # the plugin stopped the run: configuration (2) or target (3)
    if pytest_code in (4, 5):
        return EXIT_USAGE  # usage error, or nothing selected
    if summary is not None and (summary.get("findings") or summary.get("errors")):
        return EXIT_FINDINGS
    return EXIT_OK if pytest_code == 0 else EXIT_FINDINGS


def _read_summary(reports: Path) -> dict[str, object] | None:
    try:
        data = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _previous_summary(reports: Path) -> dict[str, object] | None:
    previous = _read_summary(reports)
    if previous is not None:
        (reports / "previous-summary.json").write_text(json.dumps(previous), encoding="utf-8")
    return previous


def pacing_line(pacing: dict[str, object]) -> str:
    """How long the run waited for the target's rate limit (workers' waits add up)."""
    limit, window = pacing.get("announced_limit"), pacing.get("window_s")
    announced = f" (announced: {limit} requests" + (f" per {window:g} s)" if window else ")") if limit else ""
    return (
        f"THROTTLED: principals under test waited {pacing.get('waited_s', 0)} s for the target's rate "
        f"limit{announced}; {pacing.get('retried_429', 0)} answer(s) 429 waited out and sent again, none "
        "of them judged. To keep runs short, raise the test deployment's limit for these tokens or lower "
        '--examples (README: "Rate limits of the test deployment").'
    )


def print_closing_summary(
    summary: dict[str, object], previous: dict[str, object] | None, reports: Path = Path("reports")
) -> None:
    findings = summary.get("findings") or []
    tests = summary.get("tests") or {}
    assert isinstance(findings, list) and isinstance(tests, dict)
    print()
    print(
        f"tenantprobe: {len(findings)} finding(s); tests {tests.get('passed', 0)} passed, "
        f"{tests.get('failed', 0)} failed, {tests.get('skipped', 0)} skipped, "
        f"{tests.get('unproven', 0)} unproven; "
        f"{summary.get('requests', 0)} requests in {summary.get('duration_s', 0)} s "
        f"against {summary.get('target')}"
    )
    if summary.get("seed") is not None:
        print(f"seed {summary['seed']}: `--seed {summary['seed']}` generates the same cases again")
    pacing = summary.get("pacing")
    if isinstance(pacing, dict) and (pacing.get("waited_s") or pacing.get("retried_429")):
        print(pacing_line(pacing))
    by_suite: dict[str, list[dict[str, str]]] = {}
    for finding in findings:
        by_suite.setdefault(finding["suite"], []).append(finding)
    for suite, items in sorted(by_suite.items()):
        runbook = items[0].get("runbook")
        print(f"\n[{suite}]" + (f"  runbook: {runbook}" if runbook else ""))
        for finding in items:
            who = finding.get("principal") or "anonymous"
            first_line = str(finding["message"]).splitlines()[0] if finding["message"] else ""
            print(f"  {finding['id']} {finding['check']} · {finding['operation']} · {who}: {first_line}")
            print(f"      replay: {finding['replay']}")
            if finding.get("rerun"):
                print(f"      rerun:  {finding['rerun']}")
    errors = summary.get("errors") or []
    if isinstance(errors, list) and errors:
        print("\n[harness errors: tests that failed without a finding]")
        for nodeid in errors:
            print(f"  {nodeid}")
    regression = summary.get("regression")
    if previous is not None and isinstance(regression, dict):
        # Fixed means: its test ran again and did not find it (a subset run leaves the rest unchecked).
        fixed = [str(item.get("id")) for item in regression.get("fixed") or [] if isinstance(item, dict)]
        if fixed:
            print(f"\nfixed since the previous run: {', '.join(fixed)}")
        unchecked = regression.get("not_rechecked") or []
        if unchecked:
            print(f"not rechecked (their tests did not run): {len(unchecked)}")
    print_left_behind(summary)
    print_kept_off(summary)
    print(f"\nreports: {reports / 'summary.json'}, summary.html, junit.xml, allure-results/")
    unproven = tests.get("unproven", 0)
    if unproven:
        # The closing line: a person who reads only this must not take unproven checks for passes.
        print(
            f"NOT PROVEN: {unproven} security check(s) could not show their precondition; "
            "see summary.json `unproven` and the coverage section of summary.html"
        )


def print_left_behind(summary: dict[str, object]) -> None:
    left = summary.get("left_behind") or []
    if not isinstance(left, list) or not left:
        return
    print(f"\n[left behind: {len(left)} object(s) the run created and did not remove]")
    for item in left:
        print(f"  {item['operation']} id {item['id']} ({item['tenant']}): {item['why']}")


def print_kept_off(summary: dict[str, object]) -> None:
    """What the contract suite's generated writes by id were kept off, by reason: never silent."""
    coverage = summary.get("coverage")
    rows = coverage.get("writes_kept_off") if isinstance(coverage, dict) else None
    if not isinstance(rows, list) or not rows:
        return
    by_reason: dict[str, dict[str, int]] = {}
    for row in rows:
        swapped = by_reason.setdefault(str(row["why"]), {})
        swapped[str(row["swapped_for"])] = swapped.get(str(row["swapped_for"]), 0) + int(row["writes"])
    total = sum(sum(swapped.values()) for swapped in by_reason.values())
    print(
        f"\n[kept off known objects: {total} generated write(s) by id re-aimed, so the probes' objects "
        "stay in place; per operation in summary.json `coverage.writes_kept_off`]"
    )
    for why, swapped in sorted(by_reason.items()):
        to = ", ".join(f"{count} to {target}" for target, count in sorted(swapped.items()))
        print(f"  id {why}: {to}")
