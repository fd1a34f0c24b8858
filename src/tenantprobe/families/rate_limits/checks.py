"""Passive rate-limit checks on every response of every suite.

They run only when tenants.yaml has a ``rate_limits`` block and a dialect is known (configured,
declared by the spec, or seen in the traffic); otherwise they do nothing.
"""

from __future__ import annotations

import time

from tenantprobe.core.checks import CheckContext, passive_check
from tenantprobe.core.exchange import Exchange, status_text
from tenantprobe.core.ratelimit.dialects import Dialect
from tenantprobe.core.ratelimit.retry_after import RetryAfterError, parse_retry_after
from tenantprobe.families.rate_limits import (
    FAMILY,
    RATE_LIMIT_HEADERS,
    RATE_LIMIT_REMAINING_MONOTONIC,
    RATE_LIMIT_REMAINING_WITHIN_LIMIT,
    RATE_LIMIT_RETRY_AFTER,
)
from tenantprobe.families.rate_limits.watch import RateLimitWatch, rate_limit_watch


def _dialect(ctx: CheckContext, exchange: Exchange) -> tuple[RateLimitWatch, Dialect] | None:
    watch = rate_limit_watch(ctx.state)
    if not watch.settings.configured or exchange.status is None:
        return None
    dialect = watch.dialect(exchange)
    return None if dialect is None else (watch, dialect)


def _as_whom(ctx: CheckContext) -> str:
    return f" as `{ctx.principal.id}`" if ctx.principal else " anonymously"


@passive_check(FAMILY)
def rate_limit_headers(ctx: CheckContext, exchange: Exchange) -> None:
    """Responses the target promises to announce the limit on carry its headers, well formed."""
    found = _dialect(ctx, exchange)
    if found is None:
        return
    watch, dialect = found
    assert exchange.status is not None
    where = f"`{status_text(exchange.status)}` for `{ctx.operation}`{_as_whom(ctx)}"
    if watch.scope(dialect).must_announce(exchange.method, exchange.url, exchange.status, ctx.operation):
        missing = dialect.missing(exchange.response_headers)
        if missing:
            names = ", ".join(f"`{name}`" for name in missing)
            raise ctx.fail(
                RATE_LIMIT_HEADERS,
                FAMILY,
                f"Expected rate-limit headers {names} ({dialect.name} dialect), got none on {where}",
                exchange,
            )
    reading = dialect.read(exchange.response_headers)
    if reading.problems:
        raise ctx.fail(
            RATE_LIMIT_HEADERS, FAMILY, f"Malformed rate-limit headers on {where}: "
            + "; ".join(reading.problems), exchange,
        )  # fmt: skip


@passive_check(FAMILY)
def rate_limit_remaining_within_limit(ctx: CheckContext, exchange: Exchange) -> None:
    """Remaining never exceeds Limit; where Used is announced, Used + Remaining = Limit."""
    found = _dialect(ctx, exchange)
    if found is None:
        return
    reading = found[1].read(exchange.response_headers)
    if reading.limit is None or reading.remaining is None:
        return
    where = f"`{status_text(exchange.status)}` for `{ctx.operation}`{_as_whom(ctx)}"
    if reading.remaining > reading.limit:
        raise ctx.fail(
            RATE_LIMIT_REMAINING_WITHIN_LIMIT, FAMILY,
            f"Expected Remaining <= Limit, got Remaining {reading.remaining} > Limit {reading.limit} "
            f"on {where}",
            exchange,
        )  # fmt: skip
    if reading.used is not None and reading.used + reading.remaining != reading.limit:
        raise ctx.fail(
            RATE_LIMIT_REMAINING_WITHIN_LIMIT, FAMILY,
            f"Expected Used + Remaining = Limit, got {reading.used} + {reading.remaining} != "
            f"{reading.limit} on {where}",
            exchange,
        )  # fmt: skip


@passive_check(FAMILY)
def rate_limit_remaining_monotonic(ctx: CheckContext, exchange: Exchange) -> None:
    """For one principal within one window, Remaining never goes up."""
    found = _dialect(ctx, exchange)
    if found is None or ctx.principal is None:
        return
    watch, dialect = found
    if not watch.carries_credential(exchange, ctx.principal):
        return  # sent without (or with another) credential: another budget
    finished = time.time()
    started = finished - exchange.elapsed_ms / 1000
    reading = dialect.read(exchange.response_headers, finished)
    before = watch.tracker.observe(ctx.principal.id, reading, started, finished)
    if before is not None:
        raise ctx.fail(
            RATE_LIMIT_REMAINING_MONOTONIC, FAMILY,
            f"Expected Remaining to stay at or below {before.remaining} within the same window, got "
            f"{reading.remaining} on `{status_text(exchange.status)}` for `{ctx.operation}`{_as_whom(ctx)}",
            exchange,
        )  # fmt: skip


@passive_check(FAMILY)
def rate_limit_retry_after(ctx: CheckContext, exchange: Exchange) -> None:
    """A 429 says when to retry: a Retry-After of delta-seconds or an HTTP-date."""
    found = _dialect(ctx, exchange)
    if found is None or exchange.status != 429 or not found[0].settings.retry_after:
        return
    problem = retry_after_problem(exchange)
    if problem:
        raise ctx.fail(
            RATE_LIMIT_RETRY_AFTER, FAMILY,
            f"{problem} on `{status_text(429)}` for `{ctx.operation}`{_as_whom(ctx)}", exchange,
        )  # fmt: skip


def retry_after_problem(exchange: Exchange) -> str:
    value = exchange.header("Retry-After")
    if value is None:
        return "Expected a `Retry-After` header, got none"
    try:
        parse_retry_after(value)
    except RetryAfterError as error:
        return f"Expected a valid `Retry-After`: {error}"
    return ""
