"""The delivery worker against a real loopback receiver: signed bytes, retries, the attempt log."""

import socket
import threading
import time

import pytest

from reference_api.webhooks.delivery import Attempt, Delivery, DeliveryWorker, RetryPolicy
from reference_api.webhooks.receiver import Receiver
from reference_api.webhooks.signing import sign

BODY = b'{"id":"evt_1","type":"customer.created"}'


class Log:
    def __init__(self) -> None:
        self.attempts: list[Attempt] = []
        self.lock = threading.Lock()

    def record(self, attempt: Attempt) -> None:
        with self.lock:
            self.attempts.append(attempt)

    def wait_final(self, timeout: float = 5.0) -> list[Attempt]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if any(a.final for a in self.attempts):
                    return list(self.attempts)
            time.sleep(0.02)
        raise AssertionError("no final attempt recorded")


@pytest.fixture
def log():
    return Log()


@pytest.fixture
def worker(log):
    running = DeliveryWorker(log.record, RetryPolicy(max_attempts=3, base_delay_s=0.1, timeout_s=2))
    running.start()
    yield running
    running.stop()


def delivery_to(url: str) -> Delivery:
    return Delivery(
        "msg_1", 1, 1, url, "evt_1", "customer.created", BODY,
        lambda: sign("spatie", "secret", BODY, "msg_1", "customer.created", int(time.time())),
    )


def test_delivery_sends_the_signed_bytes_once_on_success(worker, log):
    with Receiver() as receiver:
        worker.enqueue(delivery_to(receiver.url))
        [request] = receiver.wait_for(1)
        attempts = log.wait_final()
    assert request.body == BODY
    assert request.headers["Signature"] == sign("spatie", "secret", BODY, "", "", 0)["Signature"]
    assert [(a.attempt, a.status_code, a.ok, a.final) for a in attempts] == [(1, 200, True, True)]


def test_failed_delivery_is_retried_with_growing_backoff_and_logged(worker, log):
    with Receiver(statuses=[500, 503, 200]) as receiver:
        worker.enqueue(delivery_to(receiver.url))
        requests = receiver.wait_for(3)
        attempts = log.wait_final()
    assert [a.status_code for a in attempts] == [500, 503, 200]
    assert attempts[0].error == "receiver answered HTTP 500" and attempts[-1].ok
    first_gap, second_gap = requests[1].at - requests[0].at, requests[2].at - requests[1].at
    assert first_gap >= 0.09 and second_gap >= 0.19


def test_retries_stop_after_the_last_attempt(worker, log):
    with Receiver(statuses=[500, 500, 500, 500]) as receiver:
        worker.enqueue(delivery_to(receiver.url))
        attempts = log.wait_final()
        time.sleep(0.5)
        assert len(receiver.requests) == 3
    assert [a.final for a in attempts] == [False, False, True] and not attempts[-1].ok


def test_connection_errors_are_logged_and_retried(worker, log):
    with Receiver() as receiver:
        dead_url = receiver.url
    worker.enqueue(delivery_to(dead_url))
    attempts = log.wait_final()
    assert len(attempts) == 3 and all(a.status_code is None and a.error for a in attempts)


def test_enqueue_returns_without_waiting_for_the_receiver(worker, log):
    with Receiver() as receiver:
        started = time.perf_counter()
        for _ in range(20):
            worker.enqueue(delivery_to(receiver.url))
        assert time.perf_counter() - started < 0.05
        receiver.wait_for(20)


def test_a_receiver_that_hangs_does_not_hold_up_other_deliveries(log):
    worker = DeliveryWorker(log.record, RetryPolicy(max_attempts=1, base_delay_s=0.1, timeout_s=2))
    worker.start()
    try:
        with Receiver(statuses=[200]) as fast:
            # a listening socket that never answers: the first delivery waits for its timeout
            with socket.socket() as silent:
                silent.bind(("127.0.0.1", 0))
                silent.listen()
                worker.enqueue(delivery_to(f"http://127.0.0.1:{silent.getsockname()[1]}/hook"))
                started = time.monotonic()
                worker.enqueue(delivery_to(fast.url))
                fast.wait_for(1, timeout=1.5)
                assert time.monotonic() - started < 1.5
    finally:
        worker.stop()
