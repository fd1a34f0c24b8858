"""The webhook receiver under a hostile target: loopback only, no privileges, floods and stalls bounded."""

from __future__ import annotations

import socket
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tenantprobe import Receiver

READ_TIMEOUT_S = 5.0  # the receiver's per-connection read timeout


def host_and_port(receiver: Receiver) -> tuple[str, int]:
    host, port = receiver.base_url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def non_loopback_address() -> str | None:
    """This machine's address on a real interface, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route's address
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def test_the_receiver_binds_loopback_on_an_unprivileged_port_by_default() -> None:
    with Receiver() as receiver:
        host, port = host_and_port(receiver)
        assert host == "127.0.0.1"
        assert port > 1024  # an ephemeral port: no privileges needed
        outside = non_loopback_address()
        if outside is not None:
            try:
                with socket.create_connection((outside, port), timeout=2):
                    reachable = True
            except OSError:
                reachable = False
            assert not reachable, f"the receiver answers on {outside}"


@pytest.mark.slow
def test_a_flood_of_deliveries_ends_in_bounded_time_and_storage() -> None:
    with Receiver(max_connections=4, max_deliveries=100) as receiver:
        url = receiver.url_for("acme")

        def deliver(index: int) -> int:
            try:
                return httpx.post(url, content=b'{"n": %d}' % index, timeout=10).status_code
            except httpx.TransportError:
                return 0  # refused or reset under the flood: bounded, not hung

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(deliver, range(200)))
        seconds = time.monotonic() - started
        assert set(statuses) <= {0, 200, 503}, set(statuses)
        assert statuses.count(200) >= 4
        assert seconds < 60, f"200 deliveries took {seconds:.1f} s"
        assert len(receiver.deliveries()) <= 100
        assert len(receiver.deliveries()) + receiver.dropped == statuses.count(200)


def test_a_delivery_that_stalls_mid_body_frees_its_slot_after_the_read_timeout() -> None:
    with Receiver(max_connections=1) as receiver:
        host, port = host_and_port(receiver)
        path = receiver.url_for("acme").removeprefix(receiver.base_url)
        with socket.create_connection((host, port), timeout=READ_TIMEOUT_S * 3) as stalled:
            stalled.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n123".encode())
            deadline = time.monotonic() + READ_TIMEOUT_S * 3
            status = 0
            while time.monotonic() < deadline:
                status = httpx.post(receiver.url_for("acme"), content=b"{}", timeout=5).status_code
                if status == 200:
                    break
                time.sleep(0.25)
        assert status == 200, "a stalled sender must not hold the receiver's only slot for the run"
        assert [delivery.body for delivery in receiver.deliveries("acme")] == [b"{}"]
