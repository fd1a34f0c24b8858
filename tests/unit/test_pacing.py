"""Pacing against a real fixed-window limiter on loopback: no 429 reaches a caller or a check.

The limiter allows 4 requests per 2 s per token and answers 429 with Retry-After beyond that.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tenantprobe import RunState, TargetClient, load_config
from tenantprobe.core import pacing
from tenantprobe.core.checks import PassiveCheck, judges
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.pacing import ANONYMOUS, Pacer, Throttled, least_duration_s, pacer_for
from tenantprobe.core.state import set_state
from tests.unit.limiter_server import Limiter

pytestmark = pytest.mark.slow  # real waits for a 2 s window (~5 s in all)

LIMIT, WINDOW = 4, 2


@pytest.fixture
def limiter() -> Iterator[Limiter]:
    server = Limiter(trust_forwarded=False, limit=LIMIT, window=WINDOW)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def run_state(
    tmp_path: Path, server: Limiter, budget_s: float = 60, mode: str = "local"
) -> Iterator[RunState]:
    url = f"http://127.0.0.1:{server.server_address[1]}"
    tenant = {"admin": {"token": "adm"}, "principals": {"viewer": {"role": "viewer", "token": "viewer"}}}
    target = {"base_url": url, "spec": "/openapi.json", "budget_s": budget_s, "timeout_s": 2, "mode": mode}
    data = {
        "version": 1,
        "target": {**target, "confirm_production": mode == "production"},
        "auth": {"carrier": "bearer"},
        "tenants": {"a": tenant},
    }
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    state = RunState(load_config(path), url, {"paths": {}}, "sha")
    set_state(state)
    try:
        yield state
    finally:
        set_state(None)


@pytest.fixture
def state(tmp_path: Path, limiter: Limiter) -> Iterator[RunState]:
    yield from run_state(tmp_path, limiter)


def viewer_client(state: RunState, paced: bool = True) -> TargetClient:
    return TargetClient(state.config, state.base_url, state.config.principal("a/viewer"), paced=paced)


def test_a_paced_principal_never_sees_a_429_and_waits_for_the_window(
    state: RunState, limiter: Limiter
) -> None:
    started = time.monotonic()
    with viewer_client(state) as client:
        statuses = [client.get("/me", check=False).status_code for _ in range(3 * LIMIT)]
    assert statuses == [200] * (3 * LIMIT)
    assert time.monotonic() - started >= 2 * WINDOW - 0.5  # three windows' worth: two resets awaited
    # The first window teaches its length (one 429, waited out); later windows are awaited unasked.
    assert limiter.statuses.count(429) == 1
    pacer = pacer_for(state)
    assert pacer.retries == 1 and pacer.waited_s >= WINDOW
    assert pacer.announced == (LIMIT, pytest.approx(WINDOW, abs=1.2))


def test_a_production_run_waits_out_an_unknown_window_instead_of_causing_a_429(
    tmp_path: Path, limiter: Limiter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pacing, "UNKNOWN_WINDOW_S", WINDOW + 1)  # the real default is a minute
    for state in run_state(tmp_path, limiter, mode="production"):
        started = time.monotonic()
        with viewer_client(state) as client:
            statuses = [client.get("/me", check=False).status_code for _ in range(2 * LIMIT)]
        assert statuses == [200] * (2 * LIMIT)
        assert limiter.statuses.count(429) == 0  # the limiter's announced nothing but limit and remaining
        assert time.monotonic() - started >= WINDOW


def test_a_production_run_learns_the_window_from_two_window_starts(
    tmp_path: Path, limiter: Limiter, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pacing, "UNKNOWN_WINDOW_S", 30.0)  # never waited: the window is learned first
    for state in run_state(tmp_path, limiter, mode="production"):
        with viewer_client(state) as client:
            client.get("/me", check=False)
            time.sleep(WINDOW + 0.2)  # the next request opens a second window: at least WINDOW apart
            started = time.monotonic()
            statuses = [client.get("/me", check=False).status_code for _ in range(LIMIT + 1)]
        assert statuses == [200] * (LIMIT + 1)
        assert limiter.statuses.count(429) == 0
        assert WINDOW - 0.5 <= time.monotonic() - started < 2 * WINDOW + 1


def test_an_unpaced_client_gets_the_429_itself(state: RunState, limiter: Limiter) -> None:
    with viewer_client(state, paced=False) as client:
        statuses = [client.get("/me", check=False).status_code for _ in range(LIMIT + 1)]
    assert statuses == [200] * LIMIT + [429]
    assert pacer_for(state).waited_s == 0


def test_a_wait_beyond_the_run_budget_leaves_the_request_unproven(tmp_path: Path, limiter: Limiter) -> None:
    for state in run_state(tmp_path, limiter, budget_s=3):  # Retry-After 2 s + timeout_s 2 s > 3 s
        with viewer_client(state) as client:
            for _ in range(LIMIT):
                client.get("/me", check=False)
            with pytest.raises(Throttled) as raised:
                client.get("/me", check=False)
    reason = str(raised.value)
    assert reason.startswith("unproven: throttled: the target's rate limit for `a/viewer` held: ")
    assert "it answered 429" in reason
    assert "target.budget_s = 3 s" in reason


def test_a_429_is_judged_only_by_the_rate_limit_family() -> None:
    throttled = Exchange("GET", "http://t/x", {}, None, 429, {}, b"", 1.0, "a/viewer")
    answered = Exchange("GET", "http://t/x", {}, None, 200, {}, b"", 1.0, "a/viewer")
    other = PassiveCheck("not_throttled_judge", "scoping", lambda ctx, exchange: None)
    limits = PassiveCheck("limits_judge", "rate_limits", lambda ctx, exchange: None, judges_throttling=True)
    assert not judges(other, throttled) and judges(other, answered)
    assert judges(limits, throttled)


def test_the_anonymous_budget_is_its_own(tmp_path: Path) -> None:
    data = {
        "version": 1,
        "target": {"base_url": "http://127.0.0.1:9", "spec": "/openapi.json"},
        "auth": {"carrier": "bearer"},
        "tenants": {"a": {"admin": {"token": "adm"}, "principals": {"v": {"role": "v", "token": "v"}}}},
    }
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    pacer = Pacer(load_config(path))
    assert pacer.observe(ANONYMOUS, 200, {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "0"}) is None
    assert pacer.observe("a/v", 429, {"Retry-After": "7", "X-RateLimit-Limit": "2"}) == 7.0
    started = time.monotonic()
    pacer.wait_turn("a/v2")  # a budget never seen: no wait
    pacer.wait_turn(ANONYMOUS)  # spent, but its reset is unknown: the answer will tell
    assert time.monotonic() - started < 0.1


def test_the_least_duration_counts_the_windows_each_budget_must_wait_for() -> None:
    assert least_duration_s(requests=540, budgets=9, limit=60, window_s=60) == 0  # one window each
    assert least_duration_s(requests=541, budgets=9, limit=60, window_s=60) == 60
    assert least_duration_s(requests=4492, budgets=9, limit=60, window_s=60) == 8 * 60
