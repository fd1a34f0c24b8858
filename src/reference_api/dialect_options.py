"""``serve`` flags of the tenancy dialect and the Server-Sent Events stream, and the defects needing them."""

from __future__ import annotations

import argparse
from typing import Any

from reference_api.defects.path_tenancy import PATH_ONLY_DEFECTS
from reference_api.defects.sse import SSE_DEFECTS
from reference_api.settings import TENANCY_DIALECTS, Settings

MAX_SSE_SECONDS = 3600.0


def add_tenancy_and_stream_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument(
        "--tenancy",
        choices=TENANCY_DIALECTS,
        default="header",
        help="header: the token's team (X-Team-Id switches); path: routes under /api/v1/orgs/{org}",
    )
    serve.add_argument(
        "--sse", action="store_true", help="serve the Server-Sent Events stream of team events"
    )
    serve.add_argument(
        "--sse-lifetime",
        type=float,
        default=30.0,
        help="seconds before the server closes a stream (default 30)",
    )
    serve.add_argument(
        "--sse-heartbeat", type=float, default=5.0, help="seconds between heartbeat comments (default 5)"
    )


def _seconds(flag: str, value: float) -> float:
    if not 0 < value <= MAX_SSE_SECONDS:
        raise ValueError(f"{flag} must be more than 0 and at most {MAX_SSE_SECONDS:g} seconds, got {value:g}")
    return value


def tenancy_and_stream_settings(args: argparse.Namespace) -> dict[str, Any]:
    """Settings fields from the parsed flags; ValueError naming the flag on bad input."""
    return {
        "tenancy": args.tenancy,
        "sse": args.sse,
        "sse_lifetime_s": _seconds("--sse-lifetime", args.sse_lifetime),
        "sse_heartbeat_s": _seconds("--sse-heartbeat", args.sse_heartbeat),
    }


def dialect_problem(settings: Settings) -> str | None:
    """A message when a switched-on defect lives in a dialect that is off, else None."""
    problems = []
    path_only = sorted(set(PATH_ONLY_DEFECTS) & settings.defects)
    if path_only and settings.tenancy != "path":
        problems.append(f"{', '.join(path_only)} exist only in the path dialect: add --tenancy path")
    stream_only = sorted(set(SSE_DEFECTS) & settings.defects)
    if stream_only and not settings.sse:
        problems.append(f"{', '.join(stream_only)} exist only with the event stream: add --sse")
    return "; ".join(problems) or None
