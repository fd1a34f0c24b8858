"""The ``tenantprobe`` command line: one module per command under ``_commands``."""

from __future__ import annotations

import argparse
import sys

from tenantprobe.cli.commands import COMMANDS
from tenantprobe.core import __version__

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenantprobe",
        description="Contract and regression testing for multi-tenant SaaS HTTP APIs.",
    )
    parser.add_argument("--version", action="version", version=f"tenantprobe {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (register, summary) in COMMANDS.items():
        register(commands.add_parser(name, help=summary, description=summary))
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    extra: list[str] = []
    if "--" in argv:
        index = argv.index("--")
        argv, extra = argv[:index], argv[index + 1 :]
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    args.pytest_args = extra
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("tenantprobe: interrupted", file=sys.stderr)
        return 130
