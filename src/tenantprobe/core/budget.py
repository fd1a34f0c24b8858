"""The run's time budget as every request sees it: one deadline per process.

The clock starts with the run's first request in this process (start-up, imports and collection
are not the target's time), so ``budget_s`` bounds the traffic of the run. Outside a run (no
``RunState``, e.g. a library user or a unit test) only ``timeout_s`` applies.

``target.timeout_s`` bounds one request (in total, not per read), ``target.budget_s`` the run. Once
the budget is spent, a test that is being set up or run is skipped (said loudly in the report) and
no further request goes out — except clean-up: a test's teardown, clean-up at exit and every
DELETE still get ``timeout_s`` each, so what the run created is removed even after an overrun.
"""

from __future__ import annotations

import os
import time

import httpx
import pytest

from tenantprobe.core.config import Target
from tenantprobe.core.state import maybe_state

# Below this, a request cannot complete anyway: refuse it instead of sending it to time out.
MIN_REQUEST_S = 0.2

_INHERITED_TEST = os.environ.get("PYTEST_CURRENT_TEST")  # set by a parent process, if any
_clock: tuple[int, float] | None = None  # (id of the run's state, when its first request went out)


class BudgetSpent(httpx.TimeoutException):
    """The run's time budget is spent: the request was not sent (an ``httpx`` timeout, so callers
    that tolerate a target not answering tolerate this too)."""


def restart_clock() -> None:
    """Start the budget afresh with the next request (a new run in the same process, e.g. tests)."""
    global _clock
    _clock = None


def elapsed_s() -> float:
    """Seconds since the current run's first request (0 for the first one, and outside a run)."""
    global _clock
    state = maybe_state()
    if state is None:
        return 0.0
    if _clock is None or _clock[0] != id(state):
        _clock = (id(state), time.monotonic())
    return time.monotonic() - _clock[1]


def remaining_s(target: Target) -> float:
    return target.budget_s - elapsed_s()


def _current_test() -> str:
    """The test phase this process's pytest is in (``... (call)``), or "" outside a test.

    A run started from inside a test (a self-test) inherits its parent's variable: that one
    does not count until this process's pytest sets its own.
    """
    current = os.environ.get("PYTEST_CURRENT_TEST", "")
    return "" if current == _INHERITED_TEST else current


def in_test_body() -> bool:
    """Whether a test is being set up or run now."""
    return _current_test().endswith(("(setup)", "(call)"))


def is_cleanup(method: str) -> bool:
    """Requests that remove what the run created are never refused for lack of time."""
    return method.upper() == "DELETE" or _current_test().endswith("(teardown)")


def spent_reason(target: Target) -> str:
    return f"the run's time budget (target.budget_s = {target.budget_s:g} s) is spent"


def request_timeout(target: Target, method: str = "GET") -> float:
    """Seconds one request may take now: ``timeout_s``, cut to what is left of the budget.

    When nothing useful is left: inside a test, the test is skipped with the reason; elsewhere
    (preflight) :class:`BudgetSpent` is raised. Clean-up requests always get ``timeout_s``.
    """
    if is_cleanup(method) or maybe_state() is None:
        return target.timeout_s
    left = remaining_s(target)
    if left >= target.timeout_s:
        return target.timeout_s
    if left >= MIN_REQUEST_S:
        return left
    if in_test_body():
        pytest.skip(spent_reason(target))
    raise BudgetSpent(f"not sent: {spent_reason(target)}")


class Deadline:
    """A point in time a response must be complete by, for targets that trickle bytes."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def check(self, request: httpx.Request) -> None:
        if time.monotonic() > self._end:
            raise httpx.ReadTimeout(
                f"the response was not complete within {self.seconds:g} s (target.timeout_s, in total)",
                request=request,
            )
