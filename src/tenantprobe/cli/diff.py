"""``tenantprobe diff BASELINE CURRENT``: breaking changes between two OpenAPI documents.

Each side is a file (JSON or YAML) or an http(s) URL. Exit 0 when nothing breaks clients,
1 when something does, 3 when a side cannot be loaded.
"""

from __future__ import annotations

import argparse
import sys

from tenantprobe.core.target import TargetUnavailable, load_spec
from tenantprobe.openapi.diff import diff_specs, render_json, render_text

EXIT_OK, EXIT_BREAKING, EXIT_UNLOADABLE = 0, 1, 3


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("baseline", help="the spec clients were built against (file or URL)")
    parser.add_argument("current", help="the spec about to ship (file or URL)")
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a URL (default 10)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    try:
        baseline, _ = load_spec(args.baseline, args.timeout)
        current, _ = load_spec(args.current, args.timeout)
    except TargetUnavailable as error:
        print(f"tenantprobe diff: {error}", file=sys.stderr)
        return EXIT_UNLOADABLE
    diff = diff_specs(baseline, current)
    render = render_json if args.json else render_text
    print(render(diff, args.baseline, args.current))
    return EXIT_BREAKING if diff.breaking else EXIT_OK
