"""The target client against a faulty loopback server: every fault ends in bounded time, as data.

Fast: one in-process server per test, a 1-second per-request timeout.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tenantprobe import Config, RunState, TargetClient
from tenantprobe.core.budget import BudgetSpent, request_timeout, restart_clock
from tenantprobe.core.config import load_config
from tenantprobe.core.state import set_state
from tests.robustness.faulty_server import FaultyServer
from tests.robustness.targets import write_config

TIMEOUT_S = 1.0
SLACK_S = 1.5  # scheduling on a loaded 2-core machine


def config_for(tmp_path: Path, url: str, **target: object) -> Config:
    return load_config(write_config(tmp_path, url, timeout_s=TIMEOUT_S, **target))


@pytest.fixture
def run_state(tmp_path: Path) -> Iterator[object]:
    """A run in progress (the budget applies only inside one); none afterwards."""
    restart_clock()
    yield lambda config: set_state(RunState(config=config, base_url="", spec={}, spec_sha256=""))
    set_state(None)
    restart_clock()


def timed_get(client: TargetClient, path: str = "/items") -> tuple[float, httpx.Response | Exception]:
    started = time.monotonic()
    try:
        outcome: httpx.Response | Exception = client.get(path, check=False)
    except httpx.HTTPError as error:
        outcome = error
    return time.monotonic() - started, outcome


@pytest.mark.parametrize("fault", ["slow", "silent", "trickle"])
def test_a_request_that_never_completes_times_out_after_timeout_s_in_total(
    tmp_path: Path, fault: str
) -> None:
    with FaultyServer(fault) as server:
        config = config_for(tmp_path, server.url)
        with TargetClient(config, server.url, config.principals()[0]) as client:
            seconds, outcome = timed_get(client)
    assert isinstance(outcome, httpx.TimeoutException), outcome
    assert seconds < TIMEOUT_S + SLACK_S, f"{fault}: took {seconds:.1f} s with timeout_s = {TIMEOUT_S}"


def test_a_huge_body_is_read_only_up_to_the_cap(tmp_path: Path) -> None:
    with FaultyServer("huge", huge_bytes=256 * 1024 * 1024) as server:
        config = config_for(tmp_path, server.url, max_body_bytes=100_000)
        with TargetClient(config, server.url, config.principals()[0]) as client:
            seconds, outcome = timed_get(client)
    assert isinstance(outcome, httpx.Response), outcome
    assert outcome.status_code == 200
    assert len(outcome.content) == 100_000
    assert seconds < TIMEOUT_S + SLACK_S  # 256 MB were not read


def test_a_reset_connection_is_an_http_error_not_a_crash(tmp_path: Path) -> None:
    with FaultyServer("reset") as server:
        config = config_for(tmp_path, server.url)
        with TargetClient(config, server.url, config.principals()[0]) as client:
            _, outcome = timed_get(client)
    assert isinstance(outcome, httpx.TransportError), outcome


def test_a_redirect_loop_is_not_followed(tmp_path: Path) -> None:
    with FaultyServer("redirect_loop") as server:
        config = config_for(tmp_path, server.url)
        with TargetClient(config, server.url, config.principals()[0]) as client:
            _, outcome = timed_get(client)
        assert server.faulty_requests == 1
    assert isinstance(outcome, httpx.Response) and outcome.status_code == 302


@pytest.mark.parametrize(("fault", "status"), [("error_storm", 503), ("invalid_json", 200)])
def test_error_storms_and_invalid_json_come_back_as_responses(
    tmp_path: Path, fault: str, status: int
) -> None:
    with FaultyServer(fault) as server:
        config = config_for(tmp_path, server.url)
        with TargetClient(config, server.url, config.principals()[0]) as client:
            outcomes = [timed_get(client)[1] for _ in range(20)]
        assert server.faulty_requests == 20
    assert all(isinstance(o, httpx.Response) and o.status_code == status for o in outcomes)
    if fault == "invalid_json":
        with pytest.raises(ValueError):
            outcomes[0].json()  # type: ignore[union-attr]


def test_outside_a_run_only_the_request_timeout_applies(tmp_path: Path) -> None:
    config = config_for(tmp_path, "http://127.0.0.1:9", budget_s=0.01)
    assert request_timeout(config.target) == TIMEOUT_S


def test_a_request_never_outlasts_what_is_left_of_the_budget(
    tmp_path: Path, run_state: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    with FaultyServer("slow") as server:
        config = config_for(tmp_path, server.url, budget_s=1.6)
        run_state(config)  # type: ignore[operator]
        with TargetClient(config, server.url, config.principals()[0]) as client:
            first, _ = timed_get(client)  # the full timeout_s: 1 s
            second, outcome = timed_get(client)  # what is left: about 0.6 s
            assert isinstance(outcome, httpx.TimeoutException)
            assert second < first
            # Spent. Inside a test the test is skipped; elsewhere (preflight) the request is refused.
            with pytest.raises(pytest.skip.Exception, match=r"budget_s = 1\.6 s\) is spent"):
                client.get("/items", check=False)
            monkeypatch.delenv("PYTEST_CURRENT_TEST")
            _, refused = timed_get(client)
            assert isinstance(refused, BudgetSpent)
            seen = server.faulty_requests
            # Clean-up still goes out after the budget is spent.
            _, deleted = timed_get_delete(client)
            assert server.faulty_requests == seen + 1
            assert isinstance(deleted, httpx.TimeoutException) and not isinstance(deleted, BudgetSpent)


def timed_get_delete(client: TargetClient) -> tuple[float, httpx.Response | Exception]:
    started = time.monotonic()
    try:
        outcome: httpx.Response | Exception = client.delete("/items/1", check=False)
    except httpx.HTTPError as error:
        outcome = error
    return time.monotonic() - started, outcome


def test_a_tls_error_is_a_transport_error_in_bounded_time(tmp_path: Path) -> None:
    with FaultyServer("error_storm") as server:  # plain HTTP where TLS is expected
        url = server.url.replace("http://", "https://")
        config = config_for(tmp_path, url)
        with TargetClient(config, url, config.principals()[0]) as client:
            seconds, outcome = timed_get(client)
    assert isinstance(outcome, httpx.TransportError), outcome  # handshake refused or timed out
    assert seconds < TIMEOUT_S + SLACK_S


@pytest.mark.parametrize(
    ("handler_waits", "expected"),
    [(False, "cannot open the WebSocket"), (True, "no pusher:connection_established within 1.0 s")],
    ids=["never-upgrades", "upgrades-then-silent"],
)
def test_a_websocket_that_never_answers_fails_within_timeout_s(handler_waits: bool, expected: str) -> None:
    import threading

    from websockets.sync.server import ServerConnection, serve

    from tenantprobe.families.events.connection import PusherConnection, PusherError

    release = threading.Event()

    def silent(connection: ServerConnection) -> None:
        release.wait(10)  # upgraded, then not a word

    if handler_waits:
        server = serve(silent, "127.0.0.1", 0)
        url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}/app/key"
        threading.Thread(target=server.serve_forever, daemon=True).start()
    else:
        faulty = FaultyServer("silent").__enter__()  # accepts TCP, never answers the upgrade
        url = faulty.url.replace("http://", "ws://") + "/app/key"
    started = time.monotonic()
    try:
        with pytest.raises(PusherError, match=expected):
            PusherConnection.open(url, timeout_s=TIMEOUT_S)
    finally:
        release.set()
        if handler_waits:
            server.shutdown()
        else:
            faulty.__exit__(None, None, None)
    assert time.monotonic() - started < 2 * TIMEOUT_S + SLACK_S
