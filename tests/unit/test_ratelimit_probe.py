"""The throttle probe end to end against a small limiter on loopback, one with a planted weakness.

The limiter keys its buckets on the token and, when ``trust_forwarded`` is set, on a forged
``X-Forwarded-For`` too: exactly the bypass the probe must report.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tenantprobe import RunState, load_config, probe_throttling
from tests.unit.limiter_server import Limiter

pytestmark = pytest.mark.slow  # a server on loopback and a real Retry-After wait (~3 s a test)

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
