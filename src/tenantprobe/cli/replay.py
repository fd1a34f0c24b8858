"""``tenantprobe replay FINDING_ID``: send a finding's failing request again and say if it still fails.

Works from the reports folder of any run (a CI artifact): the finding's recorded request is sent as
the same principal (credentials from tenants.yaml, never from the report) to the same or another
deployment. Contract findings are judged again by the same check on the new response; findings of
the other families need the test's own set-up (canaries, a second tenant, a receiver), so their test
is rerun with the run's seed and the finding looked for in the new results.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tenantprobe.cli.run import suites_root
from tenantprobe.core.config import ConfigError, load_config
from tenantprobe.core.redact import FILTERED, active_redactor, install_secrets
from tenantprobe.core.target import TargetUnavailable
from tenantprobe.reporting.compare import read_summary
from tenantprobe.reporting.recorded import ReplayError, find_finding, recorded_request
from tenantprobe.reporting.replay_judge import judge_request
from tenantprobe.reporting.selection import selection_args

EXIT_FIXED, EXIT_STILL_FAILING, EXIT_USAGE, EXIT_TARGET = 0, 1, 2, 3


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("finding_id", metavar="FINDING_ID", help="the finding's id (a unique prefix will do)")
    parser.add_argument("--reports", default="reports", help="the run's report folder (default: reports)")
    parser.add_argument("--config", default="tenants.yaml", help="the fixture matrix (default: tenants.yaml)")
    parser.add_argument("--target-url", help="the deployment to replay against (default: the configured one)")
    parser.add_argument(
        "--rerun-test", action="store_true", help="rerun the finding's test even for a contract finding"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    reports = Path(args.reports)
    try:
        finding = find_finding(reports, args.finding_id)
        config = load_config(Path(args.config), target_url=args.target_url)
    except ReplayError as error:
        print(f"tenantprobe replay: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ConfigError as error:
        print(error.render(), file=sys.stderr)
        return EXIT_USAGE
    principal_id = str(finding.get("principal") or "")
    if principal_id not in {principal.id for principal in config.principals(admins=True)}:
        if not _sent_without_credential(finding):
            known = ", ".join(principal.id for principal in config.principals(admins=True))
            print(f"tenantprobe replay: no principal `{principal_id}` in {args.config}; known: {known}",
                  file=sys.stderr)  # fmt: skip
            return EXIT_USAGE
        # Sent without a credential (anonymous, a forged callback): not sent again as anyone; its
        # test is rerun, which sends it as the run did.
        principal_id = ""
    install_secrets(config.secrets)
    summary = read_summary(reports / "summary.json") or read_summary(reports / "previous-summary.json") or {}
    _print_finding(finding)
    request = recorded_request(finding, summary.get("target"))
    if request is not None and principal_id and not args.rerun_test:
        try:
            verdict = judge_request(config, finding, request)
        except ReplayError as error:
            print(f"tenantprobe replay: {error}", file=sys.stderr)
            return EXIT_USAGE
        except TargetUnavailable as error:
            print(f"tenantprobe replay: target unreachable: {error}", file=sys.stderr)
            return EXIT_TARGET
        if verdict is not None:
            return _verdict(verdict, finding)
    return _rerun_test(args, finding, summary)


def _sent_without_credential(finding: dict[str, Any]) -> bool:
    """Whether the recorded request carried no credential (reports show every credential filtered)."""
    headers = (finding.get("exchange") or {}).get("request_headers") or {}
    return not any(FILTERED in str(value) for value in headers.values())


def _print_finding(finding: dict[str, Any]) -> None:
    print(
        f"finding {finding['id']}: [{finding.get('suite')}] {finding.get('check')} · "
        f"{finding.get('operation')} · {finding.get('principal') or '-'}"
    )
    first_line = (str(finding.get("message") or "").splitlines() or [""])[0]
    print(f"  was: {first_line}")


def _verdict(still_failing: bool, finding: dict[str, Any]) -> int:
    if still_failing:
        print(f"STILL FAILING: finding {finding['id']} reproduces.")
        return EXIT_STILL_FAILING
    print(f"FIXED: finding {finding['id']} no longer reproduces.")
    return EXIT_FIXED


def _rerun_test(args: argparse.Namespace, finding: dict[str, Any], summary: dict[str, Any]) -> int:
    """Rerun the test that found it, with the run's seed and example count, into a scratch folder."""
    nodeid = str(finding.get("test") or "")
    if not nodeid:
        print("tenantprobe replay: the finding names no test to rerun", file=sys.stderr)
        return EXIT_USAGE
    config_path = Path(args.config).resolve()
    try:
        root = suites_root(config_path).parent  # node ids are relative to the checkout
    except FileNotFoundError as error:
        print(f"tenantprobe replay: {error}; run from the tenantprobe checkout", file=sys.stderr)
        return EXIT_USAGE
    with tempfile.TemporaryDirectory(prefix="tenantprobe-replay-") as scratch:
        command = [sys.executable, "-m", "tenantprobe", "run", "--config", str(config_path)]
        command += ["--reports", scratch]
        if args.target_url:
            command += ["--target-url", args.target_url]
        if summary.get("seed") is not None:
            command += ["--seed", str(summary["seed"])]
        if summary.get("examples"):
            command += ["--examples", str(summary["examples"])]
        command += [
            "--",
            *selection_args(nodeid),
            "-q",
            "-p",
            "no:cacheprovider",
        ]  # keep --last-failed's memory
        shown = " ".join(shlex.quote(part) for part in command[2:])
        print(f"  rerunning its test: tenantprobe {active_redactor().text(shown[len('tenantprobe ') :])}")
        code = subprocess.call(command, cwd=root, stdout=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        rerun = read_summary(Path(scratch) / "summary.json")
    if rerun is None:
        print(f"tenantprobe replay: the rerun produced no summary (exit {code})", file=sys.stderr)
        return EXIT_TARGET if code == EXIT_TARGET else EXIT_USAGE
    found = {item.get("id") for item in rerun.get("findings") or []}
    return _verdict(finding["id"] in found, finding)
