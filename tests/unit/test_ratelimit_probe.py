"""The throttle probe end to end against a small limiter on loopback, one with a planted weakness.

The limiter keys its buckets on the token and, when ``trust_forwarded`` is set, on a forged
``X-Forwarded-For`` too: exactly the bypass the probe must report.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from tenantprobe import RunState, load_config, probe_throttling

pytestmark = pytest.mark.slow  # a server on loopback and a real Retry-After wait (~3 s a test)

LIMIT, WINDOW = 6, 2
TOKENS = {"probe-a", "probe-b", "viewer"}


class Limiter(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, trust_forwarded: bool) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.trust_forwarded = trust_forwarded
        self.windows: dict[str, tuple[float, int]] = {}
        self.lock = threading.Lock()

    def hit(self, key: str) -> tuple[bool, int, float]:
        now = time.time()
        with self.lock:
            start, used = self.windows.get(key, (now, 0))
            if now >= start + WINDOW:
                start, used = now, 0
            allowed = used < LIMIT
            used += allowed
            self.windows[key] = (start, used)
        return allowed, LIMIT - used, start + WINDOW


class Handler(BaseHTTPRequestHandler):
    server: Limiter

    def do_GET(self) -> None:  # noqa: N802 (the http.server hook name)
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or token not in TOKENS:
            return self.reply(401, {"message": "Unauthenticated."}, {})
        forwarded = self.headers.get("X-Forwarded-For", "") if self.server.trust_forwarded else ""
        key = f"{token}|{forwarded}"
        allowed, remaining, reset_at = self.server.hit(key)
        headers = {"X-RateLimit-Limit": str(LIMIT), "X-RateLimit-Remaining": str(remaining)}
        if not allowed:
            headers["Retry-After"] = str(max(1, math.ceil(reset_at - time.time())))
            return self.reply(429, {"message": "Too many requests."}, headers)
        self.reply(200, {"ok": True}, headers)

    def reply(self, status: int, body: dict[str, object], headers: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in {**headers, "Content-Type": "application/json"}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(params=[False, True], ids=["sound", "trusts-forwarded"])
def limiter(request: pytest.FixtureRequest) -> Iterator[Limiter]:
    server = Limiter(trust_forwarded=request.param)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def state_for(tmp_path: Path, server: Limiter) -> RunState:
    url = f"http://127.0.0.1:{server.server_address[1]}"
    tenant = {"admin": {"token": "adm"}, "principals": {"viewer": {"role": "viewer", "token": "${V}"}}}
    data = {
        "version": 1,
        "target": {"base_url": url, "spec": "/openapi.json"},
        "auth": {"carrier": "bearer"},
        "tenants": {"a": tenant, "b": {**tenant, "admin": {"token": "adm-b"}}},
        "rate_limits": {
            "dialect": "laravel",
            "probe": {
                "operation": "GET /me",
                "principals": {"a": {"token": "probe-a"}, "b": {"token": "probe-b"}},
                "max_requests": 200,
                "max_seconds": 10,
                "spoof_headers": ["X-Forwarded-For"],
                "carriers": [],
            },
        },
    }
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return RunState(load_config(path, env={"V": "viewer"}), url, {"paths": {}}, "sha")


def test_probe_reports_a_forged_address_that_escapes_the_throttle(tmp_path: Path, limiter: Limiter) -> None:
    outcome = probe_throttling(state_for(tmp_path, limiter))
    assert outcome.error == ""
    failed = {name for name, verdict in outcome.verdicts.items() if verdict.failures}
    skipped = {name: verdict.skipped for name, verdict in outcome.verdicts.items() if verdict.skipped}
    assert skipped == {}
    if limiter.trust_forwarded:
        assert failed == {"rate_limit_no_bypass"}
        message = outcome.verdicts["rate_limit_no_bypass"].failures[0].message
        assert "with `X-Forwarded-For: 203.0.113.7` while throttled, got `200 OK`" in message
    else:
        assert failed == set()
    assert outcome.report.requests <= 40
