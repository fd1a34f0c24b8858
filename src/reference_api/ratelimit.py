"""Fixed-window rate limiting per token, Laravel ``ThrottleRequests`` style, and its three header dialects.

The window starts at a key's first request and lasts ``seconds``; ``limit`` requests are allowed in
it. In-memory and thread-safe; stale windows are dropped as new ones open.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from reference_api.settings import RateLimitHeaderDialect


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    window: int
    used: int
    reset_at: float  # unix time the window ends

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.reset_at - now))


class RateLimiter:
    def __init__(self, limit: int, seconds: int, clock: Callable[[], float] = time.time) -> None:
        self.limit, self.seconds, self._clock = limit, seconds, clock
        self._windows: dict[str, tuple[float, int]] = {}  # key -> (window start, hits)
        self._lock = threading.Lock()
        self._next_sweep = 0.0

    def hit(self, key: str) -> Decision:
        now = self._clock()
        with self._lock:
            if now >= self._next_sweep:
                self._windows = {k: v for k, v in self._windows.items() if now < v[0] + self.seconds}
                self._next_sweep = now + self.seconds
            start, hits = self._windows.get(key, (now, 0))
            if now >= start + self.seconds:
                start, hits = now, 0
            allowed = hits < self.limit
            if allowed:
                hits += 1
                self._windows[key] = (start, hits)
        return Decision(allowed, self.limit, self.seconds, hits, start + self.seconds)


def limit_headers(dialect: RateLimitHeaderDialect, decision: Decision, now: float) -> list[tuple[str, str]]:
    """Headers on every rate-limited response (429 or not)."""
    if dialect == "ietf":
        reset = decision.retry_after(now)
        return [
            ("RateLimit-Policy", f'"default";q={decision.limit};w={decision.window}'),
            ("RateLimit", f'"default";r={decision.remaining};t={reset}'),
        ]
    if dialect == "github":
        return [
            ("x-ratelimit-limit", str(decision.limit)),
            ("x-ratelimit-remaining", str(decision.remaining)),
            ("x-ratelimit-used", str(decision.used)),
            ("x-ratelimit-reset", str(math.ceil(decision.reset_at))),
            ("x-ratelimit-resource", "core"),
        ]
    return [("X-RateLimit-Limit", str(decision.limit)), ("X-RateLimit-Remaining", str(decision.remaining))]


def too_many_headers(
    dialect: RateLimitHeaderDialect, decision: Decision, now: float
) -> list[tuple[str, str]]:
    """Headers a 429 adds to ``limit_headers``."""
    headers = [("Retry-After", str(decision.retry_after(now)))]
    if dialect == "laravel":
        headers.append(("X-RateLimit-Reset", str(math.ceil(decision.reset_at))))
    return headers
