"""Defects the rate_limits family must catch: limits not announced, not coherent, or not per tenant."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from reference_api.defects import defect

if TYPE_CHECKING:
    from reference_api.ratelimit import Decision


@defect("ratelimit_headers_missing", "rate_limits")
def ratelimit_headers_missing(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Successful responses carry no rate-limit headers; only the 429 itself announces the limit.

    Clients cannot pace themselves and the spec's declared headers are absent. The rate_limits
    family must catch it (headers present on every rate-limited response).
    """
    return []


@defect("ratelimit_remaining_stuck", "rate_limits")
def ratelimit_remaining_stuck(decision: Decision) -> Decision:
    """The Remaining count never goes down: it always reports ``limit - 1``, then a 429 arrives anyway.

    The counter is read from a cached copy taken at the first hit. The rate_limits family must
    catch it (Remaining must decrease by one per request within a window).
    """
    return replace(decision, used=1)


@defect("ratelimit_shared_bucket", "rate_limits")
def ratelimit_shared_bucket(key: str) -> str:
    """One bucket for every caller: the limiter key is the route group, not the token.

    One noisy tenant exhausts the limit for all tenants. The rate_limits family must catch it
    (exhausting tenant A's limit must not throttle tenant B).
    """
    return "api"


@defect("ratelimit_429_without_retry_after", "rate_limits")
def ratelimit_429_without_retry_after(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """429 responses omit ``Retry-After`` (and the reset time), so clients cannot know when to retry.

    The rate_limits family must catch it (a 429 must say when to retry).
    """
    return [
        (name, value) for name, value in headers if name.lower() not in ("retry-after", "x-ratelimit-reset")
    ]


@defect("ratelimit_not_enforced", "rate_limits")
def ratelimit_not_enforced(decision: Decision) -> Decision:
    """The limit is announced but never enforced: requests beyond it still succeed (no 429).

    The throttle middleware counts but its ``tooManyAttempts`` branch was lost in a refactor. The
    rate_limits family must catch it (exceeding the announced limit must yield 429).
    """
    return replace(decision, allowed=True, used=min(decision.used, decision.limit))
