"""Pacing: each principal's requests (and the anonymous ones) stay within the limit the target announces.

A budget belongs to one credential (a principal), or to the client itself for requests without one.
Each budget is followed through the rate-limit headers of its responses: once one says nothing is
left, the next request waits for the reset (announced, or learned from an earlier window). Where
the window is still unknown, a production run does not learn it from a 429 it must not cause: it
waits the shortest time seen between two window starts of one budget (never shorter than a window),
at most ``UNKNOWN_WINDOW_S``. A 429
that still comes is waited out as ``Retry-After`` says and sent again, within the run's time budget;
when no wait fits, the request raises :class:`Throttled` and the test is unproven, never judged.
The active rate-limit probe sends unpaced: exhausting its own principals is its point.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from _pytest.outcomes import Skipped

from tenantprobe.core.budget import remaining_s
from tenantprobe.core.config import Config, Principal
from tenantprobe.core.ratelimit.dialects import Dialect, configured_dialect, detect
from tenantprobe.core.ratelimit.retry_after import RetryAfterError, parse_retry_after
from tenantprobe.core.state import RunState, maybe_state
from tenantprobe.core.verdict import unproven_text

ANONYMOUS = "(anonymous)"  # requests without a credential share the client's own budget
MARGIN_S = 0.25  # reset times are whole seconds: wait a little past them
# Production runs must not be answered 429: with a spent budget and no window known (Laravel's
# headers announce none before a 429), wait this long, the commonest window (`throttle:60,1`).
UNKNOWN_WINDOW_S = 60.0
MAX_RETRIES = 6  # 429s in a row for one request before it is given up
THROTTLED = 429
Answer = TypeVar("Answer")


class Throttled(Skipped):
    """The target kept answering 429 and waiting longer does not fit the run's time budget.

    The test is unproven (a skip whose reason starts ``unproven: throttled:``, as every report counts
    unproven checks), so neither pytest nor hypothesis takes it for a finding or a harness error.
    """


def budget_key(principal: Principal | None) -> str:
    return principal.id if principal is not None else ANONYMOUS


@dataclass
class _Budget:
    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None  # monotonic time the window ends, when known
    window_started: float | None = None  # monotonic time of the window's first answer, when seen


class Pacer:
    """The budgets of one process's run, read from response headers; thread-safe."""

    def __init__(self, config: Config) -> None:
        self.config = config
        block = config.block("rate_limits")
        self._dialect: Dialect | None = configured_dialect(block) if block else None
        self._budgets: dict[str, _Budget] = {}
        self._window_s: float | None = None  # the window length, announced or learned from a 429
        self._window_bound_s = math.inf  # the least time between two window starts of one budget
        self._lock = threading.Lock()
        self.waited_s = 0.0
        self.retries = 0  # 429s waited out and sent again
        self.announced: tuple[int, float | None] | None = None  # (limit, window s) last seen

    def wait_turn(self, key: str) -> None:
        """Before a request: wait for ``key``'s reset when its budget is known to be spent."""
        now = time.monotonic()
        with self._lock:
            budget = self._budgets.get(key)
            if budget is None or budget.remaining is None or budget.remaining > 0:
                if budget is not None and budget.remaining:
                    budget.remaining -= 1  # this request spends one (several may be in flight)
                return
            reset_at = budget.reset_at
            if reset_at is None and budget.window_started is not None and self._window_s is not None:
                reset_at = budget.window_started + self._window_s
            if reset_at is None and self.config.target.mode == "production":
                reset_at = (budget.window_started or now) + min(self._window_bound_s, UNKNOWN_WINDOW_S)
            if reset_at is None or reset_at <= now:
                budget.remaining = None  # a new window, or nothing known: the answer will tell
                return
        self._sleep(key, reset_at + MARGIN_S - now, "its announced limit is spent")

    def observe(self, key: str, status: int, headers: Mapping[str, str]) -> float | None:
        """After a response: note what it says of ``key``'s budget. For a 429, the seconds to wait
        before sending it again; None otherwise."""
        dialect = self._dialect or detect(headers)
        self._dialect = self._dialect or dialect
        reading = dialect.read(headers) if dialect is not None else None
        now = time.monotonic()
        with self._lock:
            budget = self._budgets.setdefault(key, _Budget())
            if reading is not None and reading.announced:
                if reading.window is not None:
                    self._window_s = reading.window
                if reading.limit is not None:
                    self.announced = (reading.limit, self._window_s)
                    if reading.remaining == reading.limit - 1:
                        self._learn_window(budget, now)
                        budget.window_started = now
                budget.limit, budget.remaining = reading.limit, reading.remaining
                budget.reset_at = None if reading.reset_after is None else now + reading.reset_after
            if status != THROTTLED:
                return None
            wait = _retry_after(headers)
            if wait is None and reading is not None and reading.reset_after is not None:
                wait = reading.reset_after
            budget.remaining = 0
            if wait is not None:
                budget.reset_at = now + wait
                if budget.window_started is not None and self._window_s is None:
                    self._window_s = now + wait - budget.window_started
            return wait

    def _learn_window(self, budget: _Budget, now: float) -> None:
        """A new window of ``budget`` starts: the time since its last start is at least one window
        long (a fixed window starts at the first request after the last one ended), so waiting that
        long for a reset is safe. Called with the lock held."""
        if budget.window_started is not None:
            self._window_bound_s = min(self._window_bound_s, now - budget.window_started)

    def wait_out(self, key: str, seconds: float | None, attempt: int) -> None:
        """Wait after a 429 before sending it again; :class:`Throttled` when that cannot be."""
        if attempt >= MAX_RETRIES:
            raise Throttled(self._reason(key, f"it answered 429 {attempt} times in a row"))
        if seconds is None:  # no Retry-After nor reset: back off, doubling
            seconds = self._window_s or float(2**attempt)
        with self._lock:
            self.retries += 1
        self._sleep(key, seconds + MARGIN_S, "it answered 429")

    def _sleep(self, key: str, seconds: float, why: str) -> None:
        left = remaining_s(self.config.target) if maybe_state() is not None else float("inf")
        if seconds > left - self.config.target.timeout_s:
            raise Throttled(
                self._reason(key, f"{why}; waiting {seconds:.0f} s for its reset does not fit the "
                             f"run's time budget (target.budget_s = {self.config.target.budget_s:g} s)")
            )  # fmt: skip
        with self._lock:
            self.waited_s += seconds
        time.sleep(seconds)

    def _reason(self, key: str, why: str) -> str:
        who = "anonymous requests" if key == ANONYMOUS else f"`{key}`"
        return unproven_text(
            [f"throttled: the target's rate limit for {who} held: {why}, so nothing was judged"]
        )


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    try:
        return parse_retry_after(value).seconds
    except RetryAfterError:
        return None


def paced(
    key: str,
    send: Callable[[], Answer],
    status_and_headers: Callable[[Answer], tuple[int, Mapping[str, str]]],
    discard: Callable[[Answer], None] = lambda answer: None,
) -> Answer:
    """Send within ``key``'s budget: wait for its reset first when it is spent, wait out a 429 and
    send again; a 429 is never returned (:class:`Throttled` when no wait fits). Outside a run: sent."""
    pacer = current_pacer()
    if pacer is None:
        return send()
    for attempt in range(MAX_RETRIES + 1):
        pacer.wait_turn(key)
        answer = send()
        status, headers = status_and_headers(answer)
        wait = pacer.observe(key, status, headers)
        if status != THROTTLED:
            return answer
        discard(answer)
        pacer.wait_out(key, wait, attempt)  # raises Throttled once the attempts are spent
    raise AssertionError("unreachable: the last attempt raises Throttled")


def least_duration_s(requests: int, budgets: int, limit: int, window_s: float) -> float:
    """The least time ``requests`` spread evenly over ``budgets`` take at ``limit`` per ``window_s``."""
    per_budget = math.ceil(requests / max(1, budgets))
    return max(0, math.ceil(per_budget / max(1, limit)) - 1) * window_s


_PACERS: dict[int, Pacer] = {}
_PACERS_LOCK = threading.Lock()


def pacer_for(state: RunState) -> Pacer:
    """The pacer of this process's run (one per run state)."""
    with _PACERS_LOCK:
        pacer = _PACERS.get(id(state))
        if pacer is None or pacer.config is not state.config:
            pacer = _PACERS[id(state)] = Pacer(state.config)
        return pacer


def current_pacer() -> Pacer | None:
    state = maybe_state()
    return None if state is None else pacer_for(state)
