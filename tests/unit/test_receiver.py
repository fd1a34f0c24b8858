"""The webhook receiver: a real loopback server recording raw bytes, headers and arrival time."""

from __future__ import annotations

import socket
import time

import httpx

from tenantprobe.families.webhooks.receiver import Receiver


def test_receiver_records_raw_bytes_headers_and_tenant_path() -> None:
    with Receiver() as receiver:
        url = receiver.url_for("acme")
        assert receiver.url_for("acme") == url
        assert receiver.url_for("globex") != url
        body = b'{"a": 1,  "b":"\\u00e9"}'
        before = time.time()
        answer = httpx.post(url, content=body, headers={"X-Sig": "abc"}, timeout=5)
        assert answer.status_code == 200
        (delivery,) = receiver.deliveries("acme")
        assert delivery.body == body
        assert delivery.headers["X-Sig"] == "abc"
        assert before <= delivery.arrived_at <= time.time()
        assert receiver.deliveries("globex") == []


def test_receiver_refuses_bodies_over_its_cap() -> None:
    with Receiver(max_body_bytes=10) as receiver:
        answer = httpx.post(receiver.url_for("acme"), content=b"x" * 11, timeout=5)
        assert answer.status_code == 413
        assert receiver.deliveries() == []


def test_receiver_marks_unknown_paths_and_waits_for_arrivals() -> None:
    with Receiver() as receiver:
        httpx.post(receiver.base_url + "/elsewhere", content=b"{}", timeout=5)
        assert receiver.wait_for(lambda found: len(found) == 1, 2)
        assert receiver.deliveries()[0].tenant == ""
        assert not receiver.wait_for(lambda found: len(found) == 2, 0.3)


def test_receiver_announces_its_public_url_when_configured() -> None:
    with Receiver(public_url="https://hooks.example.test/") as receiver:
        assert receiver.url_for("acme").startswith("https://hooks.example.test/hooks/acme/")


def test_receiver_answers_busy_beyond_its_connection_bound() -> None:
    with Receiver(max_connections=1) as receiver:
        host, port = receiver.base_url.removeprefix("http://").split(":")
        path = receiver.url_for("acme").removeprefix(receiver.base_url)
        with socket.create_connection((host, int(port)), timeout=5) as held:
            # A request whose body never completes keeps the only slot busy.
            held.sendall(f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345".encode())
            deadline = time.monotonic() + 5
            status = 0
            while time.monotonic() < deadline:
                status = httpx.post(receiver.url_for("acme"), content=b"{}", timeout=5).status_code
                if status == 503:
                    break
                time.sleep(0.05)
            assert status == 503
            held.sendall(b"67890")
            assert held.recv(64).startswith(b"HTTP/1.1 200")
        assert [d.body for d in receiver.deliveries("acme")][-1] == b"1234567890"
