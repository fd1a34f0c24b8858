"""The Server-Sent Events client: the wire format parsed by the standard's rules, and real streams
read from the reference API (`--sse`) within their time and byte budgets, resuming by id."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reference_api.server import BackgroundServer
from reference_api.settings import Settings
from tenantprobe import Config, TargetClient, load_config
from tenantprobe.families.events.sse_parser import SseEvent, SseParser, StreamFormatError
from tenantprobe.families.events.sse_stream import SseStream, StreamBudget

ROOT = Path(__file__).resolve().parents[2]


def parse(*chunks: bytes) -> tuple[list[SseEvent], SseParser]:
    parser = SseParser(max_line_bytes=1000)
    events = [event for chunk in chunks for event in parser.feed(chunk)]
    return events, parser


def test_fields_comments_and_retry_are_read_as_the_standard_says() -> None:
    events, parser = parse(b'retry: 1500\n\n: heartbeat\n\nid: 7\nevent: thing.made\ndata: {"a":1}\n\n')
    assert events == [SseEvent("7", "thing.made", '{"a":1}')]
    assert (parser.retry_ms, parser.comments, parser.last_id) == (1500, 1, "7")


def test_an_event_split_anywhere_across_chunks_and_line_endings_reads_the_same() -> None:
    wire = b"\xef\xbb\xbfid: 1\r\ndata: one\r\ndata: two\r\n\r\nevent: x\rdata:three\r\r"
    whole, _ = parse(wire)
    for cut in range(1, len(wire)):
        assert parse(wire[:cut], wire[cut:])[0] == whole, cut
    assert whole == [SseEvent("1", "message", "one\ntwo"), SseEvent("1", "x", "three")]


def test_blocks_without_data_dispatch_nothing_and_a_line_beyond_the_cap_is_an_error() -> None:
    assert parse(b"event: empty\n\nid: 3\n\n")[0] == []
    with pytest.raises(StreamFormatError, match="longer than 1000 bytes"):
        parse(b"data: " + b"x" * 2000)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "tenants.yaml", target_url="http://127.0.0.1:9")


@pytest.fixture(scope="module")
def server() -> Iterator[BackgroundServer]:
    settings = Settings(sse=True, sse_lifetime_s=0.6, sse_heartbeat_s=0.2, rate_limit=(100_000, 60))
    with BackgroundServer(settings) as running:
        yield running


@pytest.mark.slow
def test_a_stream_ended_by_the_server_is_resumed_with_the_last_id_it_saw(
    config: Config, server: BackgroundServer
) -> None:
    acme = config.tenants["acme"]
    with (
        TargetClient(config, server.url, acme.admin) as admin,
        TargetClient(config, server.url, acme.principals[0]) as listener,
    ):
        stream = SseStream(listener, "/api/v1/events", StreamBudget(seconds=3, max_bytes=100_000)).start()
        assert stream.wait_answered(3) and stream.opened
        admin.post("/api/v1/customers", json={"name": "first", "email": "first@example.test"})
        time.sleep(0.8)  # the server has ended the first stream (0.6 s) meanwhile
        admin.post("/api/v1/customers", json={"name": "second", "email": "second@example.test"})
        deadline = time.monotonic() + 3
        while len(stream.events) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        stream.stop()
    assert [event.event for event in stream.events] == ["customer.created"] * 2
    assert stream.connections >= 2 and stream.error == ""


@pytest.mark.slow
def test_a_stream_stops_at_its_deadline_and_a_refusal_is_recorded(
    config: Config, server: BackgroundServer
) -> None:
    with TargetClient(config, server.url, config.tenants["acme"].principals[0]) as client:
        started = time.monotonic()
        with SseStream(client, "/api/v1/events", StreamBudget(seconds=1.0, max_bytes=100_000)) as stream:
            while not stream.finished and time.monotonic() - started < 5:
                time.sleep(0.05)
        assert 1.0 <= time.monotonic() - started < 2.5
        refused = SseStream(client, "/api/v1/events", StreamBudget(seconds=2, max_bytes=1000), anonymous=True)
        with refused:
            refused.wait_answered(2)
    assert (refused.status, refused.opened) == (401, False)
    assert refused.exchange is not None and b"Unauthenticated" in refused.exchange.response_body
