"""Spending a budget: the countdown, the 429 at the budget's end, and every departure from them.

A tiny fixed-window limiter stands in for the target, so each defect shape is exact and fast.
"""

from __future__ import annotations

from tenantprobe.core.exchange import Exchange
from tenantprobe.core.ratelimit.reading import Reading
from tenantprobe.families.rate_limits.spend import Spend, Step, spend_budget
from tenantprobe.families.rate_limits.window import RemainingTracker


class Limiter:
    """``limit`` requests per window; ``stuck``/``unenforced`` reproduce the reference defects."""

    def __init__(self, limit: int, *, stuck: bool = False, unenforced: bool = False, announce: bool = True):
        self.limit, self.used = limit, 0
        self.stuck, self.unenforced, self.announce = stuck, unenforced, announce
        self.sent = 0

    def send(self, size: int) -> list[Step]:
        return [self._one() for _ in range(size)]

    def _one(self) -> Step:
        self.sent += 1
        assert self.sent < 10_000, "the spend must stop by itself"
        allowed = self.used < self.limit or self.unenforced
        if self.used < self.limit:
            self.used += 1
        remaining = self.limit - (1 if self.stuck else self.used)
        reading = (
            Reading(limit=self.limit, remaining=remaining, reset_after=5.0) if self.announce else Reading()
        )
        exchange = Exchange("GET", "http://t/me", {}, None, 200 if allowed else 429)
        return Step(exchange, reading, 1000.0)


def spend(limiter: Limiter, concurrency: int = 4, slack: int = 0) -> Spend:
    return spend_budget(limiter.send, slack, concurrency, Spend(), max_requests=1000)


def test_clean_limiter_is_throttled_exactly_at_the_budget() -> None:
    limiter = Limiter(10)
    result = spend(limiter)
    assert result.throttled is not None and not result.premature
    assert (result.allowed, result.sent, result.left_at_throttle) == (10, 11, 0)
    assert result.uneven is None and result.unenforced is None and result.unannounced is None


def test_batches_shrink_so_exactly_one_request_is_refused() -> None:
    limiter = Limiter(37)
    assert spend(limiter, concurrency=8).sent == 38


def test_stuck_remaining_is_uneven_and_the_429_premature() -> None:
    result = spend(Limiter(10, stuck=True))
    assert result.uneven is not None and result.uneven[0] == 9
    assert result.premature and result.left_at_throttle == 9


def test_unenforced_limit_is_caught_after_remaining_zero() -> None:
    result = spend(Limiter(10, unenforced=True))
    assert result.throttled is None and result.unenforced is not None
    assert result.unenforced[0] == 0


def test_unannounced_limit_is_spent_until_the_429() -> None:
    result = spend(Limiter(10, announce=False))
    assert result.unannounced is not None and result.throttled is not None
    assert not result.premature  # nothing announced, nothing to hold it to


def test_slack_tolerates_requests_spent_by_others() -> None:
    limiter = Limiter(20)
    original = limiter.send

    def with_a_neighbour(size: int) -> list[Step]:
        if limiter.used == 8:
            limiter.used += 1  # someone else spent one meanwhile
        return original(size)

    limiter.send = with_a_neighbour  # type: ignore[method-assign]
    assert spend(limiter, slack=1).uneven is None


def _reading(remaining: int, reset_after: float = 10.0, window: float | None = None) -> Reading:
    return Reading(limit=10, remaining=remaining, reset_after=reset_after, window=window)


def test_tracker_flags_remaining_going_up_in_one_window() -> None:
    tracker = RemainingTracker()
    assert tracker.observe("acme/viewer", _reading(5, 10.0), 100.0, 100.1) is None
    before = tracker.observe("acme/viewer", _reading(7, 9.5), 100.2, 100.3)
    assert before is not None and before.remaining == 5


def test_tracker_accepts_a_new_window() -> None:
    tracker = RemainingTracker()
    tracker.observe("acme/viewer", _reading(0, 1.0), 100.0, 100.1)
    assert tracker.observe("acme/viewer", _reading(9, 10.0), 101.5, 101.6) is None


def test_tracker_ignores_overlapping_requests_and_other_principals() -> None:
    tracker = RemainingTracker()
    tracker.observe("acme/viewer", _reading(5), 100.0, 100.5)
    assert tracker.observe("acme/viewer", _reading(6), 100.1, 100.6) is None  # sent before the other ended
    assert tracker.observe("globex/viewer", _reading(9), 101.0, 101.1) is None


def test_tracker_does_not_judge_without_a_reset_or_with_tiny_windows() -> None:
    tracker = RemainingTracker()
    tracker.observe("a", Reading(limit=10, remaining=2), 100.0, 100.1)
    assert tracker.observe("a", Reading(limit=10, remaining=8), 101.0, 101.1) is None
    tracker.observe("b", _reading(2, 1.0, window=2.0), 100.0, 100.1)
    assert tracker.observe("b", _reading(8, 1.0, window=2.0), 100.2, 100.3) is None


def test_a_budget_larger_than_the_cap_is_not_started_on() -> None:
    limiter = Limiter(5000)
    result = spend_budget(limiter.send, 0, 8, Spend(), max_requests=1000)
    assert limiter.sent == 1 and result.throttled is None
    assert result.stopped == "Remaining 4999 is more than rate_limits.probe.max_requests allows"
