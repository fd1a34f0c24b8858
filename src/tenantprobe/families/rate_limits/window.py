"""Remaining never goes up within one window, for one principal and one policy.

Responses may arrive out of order under concurrency, so only a request sent after the previous
response arrived is compared with it; windows are told apart by their reset time, so dialects that
announce no reset on ordinary responses are not compared at all (no false positives).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from tenantprobe.core.ratelimit.reading import Reading

RESET_TOLERANCE_S = 1.5  # reset times are whole seconds; one window's estimates differ by < 1.5 s
ORDER_MARGIN_S = 0.05  # checks run a moment after their response arrives: keep clear of that delay


@dataclass(frozen=True)
class Observation:
    started: float
    finished: float
    remaining: int
    reset_at: float


class RemainingTracker:
    def __init__(self) -> None:
        self._last: dict[tuple[str, str, int | None], Observation] = {}
        self._lock = threading.Lock()

    def observe(self, who: str, reading: Reading, started: float, finished: float) -> Observation | None:
        """Record a reading; return the earlier observation it contradicts, if any."""
        if reading.remaining is None or reading.reset_after is None:
            return None
        if reading.window is not None and reading.window <= 2 * RESET_TOLERANCE_S:
            return None  # windows too short to tell apart by whole-second reset times
        now = Observation(started, finished, reading.remaining, finished + reading.reset_after)
        key = (who, reading.policy, reading.limit)
        with self._lock:
            before = self._last.get(key)
            if before is None or finished >= before.finished:
                self._last[key] = now
        if before is None or started < before.finished + ORDER_MARGIN_S:
            return None  # the two requests overlapped: the server may have seen them in either order
        same_window = abs(now.reset_at - before.reset_at) <= RESET_TOLERANCE_S
        return before if same_window and now.remaining > before.remaining else None
