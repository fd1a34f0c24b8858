"""``python -m reference_api``: serve, --list-defects [--json], demo-config."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from reference_api.defects import all_defects, unknown_defects
from reference_api.dialect_options import (
    add_tenancy_and_stream_options,
    dialect_problem,
    tenancy_and_stream_settings,
)
from reference_api.settings import (
    AUTH_DIALECTS,
    ID_DIALECTS,
    RATELIMIT_HEADER_DIALECTS,
    SIGNATURE_DIALECTS,
    Settings,
    parse_rate_limit,
)
from reference_api.style import STYLES, add_style_arguments, style_from_args


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m reference_api", description="The embedded multi-tenant reference API of tenantprobe."
    )
    parser.add_argument("--list-defects", action="store_true", help="list the defect catalogue and exit")
    parser.add_argument("--json", action="store_true", help="with --list-defects: print JSON")
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="start the API (seeded, on a fresh temp database by default)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--db", dest="db_path", help="SQLite file (default: a temp file deleted on exit)")
    serve.add_argument("--defects", default="", help="comma-separated defect names (see --list-defects)")
    serve.add_argument("--auth", choices=AUTH_DIALECTS, default="bearer")
    serve.add_argument("--ids", choices=ID_DIALECTS, default="int")
    serve.add_argument("--ratelimit-headers", choices=RATELIMIT_HEADER_DIALECTS, default="laravel")
    serve.add_argument("--signature", choices=SIGNATURE_DIALECTS, default="standard-webhooks")
    serve.add_argument("--rate-limit", default="60/60", help="N/SECONDS per token (default 60/60)")
    serve.add_argument("--tenants", type=int, default=3, help="number of teams to seed (default 3)")
    add_style_arguments(serve)
    add_tenancy_and_stream_options(serve)
    demo = commands.add_parser("demo-config", help="write tenants.yaml and demo.env for N tenants")
    demo.add_argument("--tenants", type=int, required=True)
    demo.add_argument("--out", required=True, help="directory to write into (created if missing)")
    demo.add_argument(
        "--template", help="tenants.yaml to adapt (default: ./tenants.yaml, or the style's worked example)"
    )
    demo.add_argument(
        "--style", choices=tuple(STYLES), default="default", help="the dialect the example is for"
    )
    return parser


def _list_defects(as_json: bool) -> int:
    defects = all_defects()
    if as_json:
        print(json.dumps([d.as_json() for d in defects], indent=2))
        return 0
    for d in defects:
        print(f"{d.family:12} {d.name:40} {d.description}")
    return 0


def _settings_from(args: argparse.Namespace) -> Settings:
    """Settings from parsed ``serve`` arguments; ValueError with an actionable message on bad input."""
    names = frozenset(name.strip() for name in args.defects.split(",") if name.strip())
    unknown = unknown_defects(names)
    if unknown:
        valid = ", ".join(d.name for d in all_defects())
        raise ValueError(f"unknown defect(s): {', '.join(unknown)}. Valid names: {valid}")
    if not 1 <= args.tenants <= 99:
        raise ValueError(f"--tenants must be between 1 and 99, got {args.tenants}")
    settings = Settings(
        host=args.host,
        port=args.port,
        db_path=args.db_path,
        defects=names,
        auth=args.auth,
        ids=args.ids,
        ratelimit_headers=args.ratelimit_headers,
        signature=args.signature,
        rate_limit=parse_rate_limit(args.rate_limit),
        tenants=args.tenants,
        style=style_from_args(args),
        **tenancy_and_stream_settings(args),
    )
    problem = dialect_problem(settings)
    if problem is not None:
        raise ValueError(problem)
    return settings


def _serve(settings: Settings) -> int:
    from reference_api.server import serve_forever

    serve_forever(settings)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.list_defects:
        return _list_defects(args.json)
    if args.command == "serve":
        try:
            settings = _settings_from(args)
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return _serve(settings)
    if args.command == "demo-config":
        from reference_api.demo_config import default_template, write_demo_config

        try:
            write_demo_config(args.tenants, args.out, args.template or default_template(args.style))
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    parser.print_help(sys.stderr)
    return 2
