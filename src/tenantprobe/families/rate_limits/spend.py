"""Spend a budget in small concurrent batches, noting every way the countdown departs from the limit.

Within a batch the server may answer in any order, so a batch is judged as a set: its Remaining
values must be distinct and continue the countdown. Near the end a batch is exactly one request
larger than what is left, so the 429 arrives precisely where the budget ends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tenantprobe.core.exchange import Exchange
from tenantprobe.core.ratelimit.reading import Reading

RESET_TOLERANCE_S = 1.5


@dataclass(frozen=True)
class Step:
    exchange: Exchange
    reading: Reading
    at: float  # unix time the response arrived

    @property
    def status(self) -> int:
        return self.exchange.status or 0

    @property
    def reset_at(self) -> float | None:
        after = self.reading.reset_after
        return None if after is None else self.at + after


@dataclass
class Spend:
    first: Step | None = None
    sent: int = 0
    allowed: int = 0  # requests answered 2xx
    throttled: Step | None = None  # the first 429
    left_at_throttle: int | None = None  # the lowest Remaining announced before it, in its window
    unannounced: Step | None = None  # an allowed response without a readable Remaining
    malformed: Step | None = None  # a response whose rate-limit headers could not all be read
    uneven: tuple[int, list[int], Step] | None = None  # Remaining before, then a batch's values
    unenforced: tuple[int, Step] | None = None  # allowed although Remaining was 0, same window
    premature: bool = False  # the 429 came while Remaining still exceeded the slack
    refused: Step | None = None  # neither allowed nor throttled: the probe cannot run
    windows: int = 1  # windows the spend spanned (a new one starts when Remaining goes up)
    stopped: str = ""  # why the spend ended without a 429


def spend_budget(
    send: Callable[[int], list[Step]], slack: int, concurrency: int, spend: Spend, max_requests: int
) -> Spend:
    """Call ``send(n)`` (n concurrent requests) until a 429 or proof there will be none, noting into
    ``spend`` as it goes (so a cap raised by ``send`` keeps what was seen). An announced budget
    larger than ``max_requests`` allows is not started on."""
    low: int | None = None  # lowest Remaining announced in the current window
    reset_at: float | None = None
    size = 1  # the first request alone: it announces the limit
    while True:
        steps = send(size)
        spend.sent += len(steps)
        spend.first = spend.first or steps[0]
        allowed = [step for step in steps if 200 <= step.status < 300]
        spend.allowed += len(allowed)
        refused = [step for step in steps if not 200 <= step.status < 300 and step.status != 429]
        if refused:
            spend.refused, spend.stopped = refused[0], f"the probe request was answered `{refused[0].status}`"
            return spend
        spend.unannounced = spend.unannounced or next(
            (step for step in allowed if step.reading.remaining is None), None
        )
        spend.malformed = spend.malformed or next((step for step in steps if step.reading.problems), None)
        announced = [step.reading.remaining for step in allowed if step.reading.remaining is not None]
        values = sorted(announced, reverse=True)
        resets = [s.reset_at for s in allowed if s.reset_at is not None]
        if values and low is not None and (values[0] > low or _moved(reset_at, resets)):
            spend.windows += 1  # a new window began: the countdown starts again
            low, reset_at = None, None
        elif values and low is not None:
            if low == 0 or values.count(0) > 1:
                spend.unenforced, spend.stopped = (0, allowed[0]), "allowed again after Remaining 0"
                return spend
            if len(set(values)) < len(values) or low - values[-1] - len(values) > slack:
                spend.uneven = spend.uneven or (low, values, allowed[0])
        if values:
            low = values[-1] if low is None else min(low, values[-1])
            reset_at = resets[0] if resets else reset_at
            if low + 1 > max_requests - spend.sent:
                spend.stopped = f"Remaining {low} is more than rate_limits.probe.max_requests allows"
                return spend
        throttled = [step for step in steps if step.status == 429]
        if throttled:
            spend.throttled, spend.left_at_throttle = throttled[0], low
            spend.premature = low is not None and low > slack
            return spend
        size = concurrency if low is None else max(1, min(concurrency, low + 1))


def _moved(reset_at: float | None, resets: list[float]) -> bool:
    """Whether the announced reset moved by more than clock rounding (a window boundary)."""
    return reset_at is not None and any(abs(value - reset_at) > RESET_TOLERANCE_S for value in resets)
