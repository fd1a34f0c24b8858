"""The webhook receiver: a real loopback server recording raw bytes, headers and arrival time."""

from __future__ import annotations

import time

import httpx

from tenantprobe._webhooks._receiver import Receiver


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
