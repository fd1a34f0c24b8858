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
from tenantprobe.core.redact import install_secrets
from tenantprobe.core.state import RunState, set_state
from tenantprobe.core.target import EmbeddedTarget, TargetUnavailable, load_spec, spec_location
from tenantprobe.families.preflight.probes import run_preflight
from tenantprobe.families.preflight.table import render_table
from tenantprobe.reporting.preview import preview, render_preview
from tenantprobe.tenancy.carrier import bind_carrier, describe_carrier

EXIT_OK, EXIT_USAGE, EXIT_TARGET = 0, 2, 3


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default="tenants.yaml", help="the fixture matrix (default: tenants.yaml)")
    parser.add_argument("--target-url", help="base URL of the deployment (overrides target.base_url)")
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
    state = RunState(config=config, base_url=base_url, spec=spec, spec_sha256=sha)
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
    print(render_preview(preview(config, spec, carrier)))
    if report.fatal and all(result.probe == "pointers" for result in report.fatal):
        return EXIT_USAGE
    return EXIT_TARGET if report.fatal else EXIT_OK
