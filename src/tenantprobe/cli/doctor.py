"""``tenantprobe doctor``: only the preflight, as a table principal × probe.

Starts the embedded reference API when no target is configured, like ``tenantprobe run``.
Exit 0 when the target is usable (problems that are findings are listed), 3 when it is not,
2 for a configuration error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tenantprobe.core.config import ConfigError, load_config
from tenantprobe.core.pacing import least_duration_s, pacer_for
from tenantprobe.core.redact import install_secrets
from tenantprobe.core.state import RunState, set_state
from tenantprobe.core.target import EmbeddedTarget, TargetUnavailable, load_spec, spec_location
from tenantprobe.families.preflight.probes import run_preflight
from tenantprobe.families.preflight.table import render_table
from tenantprobe.openapi.operations import operations
from tenantprobe.openapi.reader import SpecReadError, describe_base, read_spec
from tenantprobe.reporting.compare import read_summary
from tenantprobe.reporting.preview import preview, render_preview
from tenantprobe.tenancy.carrier import bind_carrier, describe_carrier

EXIT_OK, EXIT_USAGE, EXIT_TARGET = 0, 2, 3


# A default run's requests per operation and principal (examples + the coverage phase's boundary
# cases and the other suites' probes), measured on the reference API: a rough guess before any run.
COVERAGE_REQUESTS = 16
ASSUMED_WINDOW_S = 60.0  # Laravel's default throttle window, when the target announces none


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="tenants.yaml", help="the fixture matrix (default: tenants.yaml)")
    parser.add_argument("--target-url", help="base URL of the deployment (overrides target.base_url)")
    parser.add_argument(
        "--examples", type=int, default=10, help="examples per operation of the run to estimate"
    )
    parser.add_argument(
        "--reports",
        default="reports",
        help="an earlier run's reports: its request count is the estimate's basis",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    try:
        config = load_config(Path(args.config), target_url=args.target_url)
    except ConfigError as error:
        print(error.render(), file=sys.stderr)
        return EXIT_USAGE
    install_secrets(config.secrets)
    embedded: EmbeddedTarget | None = None
    try:
        if config.target.embedded:
            embedded = EmbeddedTarget.start(config.target.embedded_args)
        base_url = embedded.url if embedded else config.target.base_url
        location = spec_location(base_url, config.target.spec, config.root)
        spec, sha = load_spec(location, config.target.timeout_s)
    except TargetUnavailable as error:
        print(f"tenantprobe doctor: target unreachable or spec unloadable: {error}", file=sys.stderr)
        if embedded:
            embedded.stop()
        return EXIT_TARGET
    try:
        reading = read_spec(spec, location, config, base_url)
    except SpecReadError as error:
        print(f"tenantprobe doctor: {args.config}: {error}", file=sys.stderr)
        if embedded:
            embedded.stop()
        return EXIT_USAGE
    print(describe_base(reading))
    state = RunState(
        config=config, base_url=base_url, spec=reading.spec, spec_sha256=sha,
        routes=reading.routes, envelopes=reading.envelopes,
    )  # fmt: skip
    carrier = bind_carrier(state)
    set_state(state)
    try:
        report = run_preflight(state)
    finally:
        set_state(None)
        if embedded:
            embedded.stop()
    print(describe_carrier(carrier))
    print(render_table(report))
    print(render_preview(preview(config, reading.spec, carrier)))
    print(duration_estimate(state, args.examples, Path(args.reports)))
    if report.fatal and all(result.probe == "pointers" for result in report.fatal):
        return EXIT_USAGE
    return EXIT_TARGET if report.fatal else EXIT_OK


def duration_estimate(state: RunState, examples: int, reports: Path) -> str:
    """How long a run must at least wait for the rate limit the target announced to the preflight."""
    announced = pacer_for(state).announced
    if announced is None:
        return "rate limit: none announced; a run is paced only if the target answers 429"
    limit, window = announced
    window_note = "" if window else f" (window not announced: {ASSUMED_WINDOW_S:g} s assumed)"
    window = window or ASSUMED_WINDOW_S
    earlier = read_summary(reports / "summary.json") or {}
    if earlier.get("requests") and earlier.get("examples") == examples:
        requests, basis = int(earlier["requests"]), f"as many as the run in {reports}"
    else:
        principals = len(list(state.config.principals()))
        requests = len(operations(state.spec)) * principals * (examples + COVERAGE_REQUESTS)
        basis = "a rough guess from the spec's operations and the principals"
    budgets = len(list(state.config.principals()))
    least = least_duration_s(requests, budgets, limit, window)
    return (
        f"rate limit: {limit} requests per {window:g} s per principal{window_note}; a run with "
        f"--examples {examples} sends about {requests} requests ({basis}), so it waits at least "
        f"{least / 60:.0f} min for the limit across {budgets} principals"
    )
