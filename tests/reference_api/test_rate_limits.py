"""Rate limiting per token in the three header dialects: announce, count down, 429, isolate tenants."""

from __future__ import annotations

import time
from typing import Any

import pytest

from reference_api.ratelimit import RateLimiter

LIMIT, WINDOW = 3, 30


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_allows_limit_hits_per_window_then_refuses_until_it_resets() -> None:
    clock = FakeClock()
    limiter = RateLimiter(2, 10, clock=clock)
    decisions = [limiter.hit("a") for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False]
    assert [d.remaining for d in decisions] == [1, 0, 0]
    assert decisions[2].retry_after(clock.now) == 10
    assert limiter.hit("b").allowed  # another key has its own window
    clock.now += 10
    assert limiter.hit("a").allowed


@pytest.mark.slow
@pytest.mark.parametrize(
    ("dialect", "expected_first", "expected_last"),
    [
        ("laravel", {"x-ratelimit-limit": "3", "x-ratelimit-remaining": "2"}, {"x-ratelimit-remaining": "0"}),
        ("ietf", {"ratelimit-policy": '"default";q=3;w=30'}, {}),
        (
            "github",
            {"x-ratelimit-limit": "3", "x-ratelimit-used": "1", "x-ratelimit-resource": "core"},
            {"x-ratelimit-remaining": "0", "x-ratelimit-used": "3"},
        ),
    ],
)
def test_each_dialect_announces_counts_down_and_answers_429_with_retry_after(
    start_api: Any,
    client_for: Any,
    demo_env: dict[str, str],
    dialect: str,
    expected_first: dict[str, str],
    expected_last: dict[str, str],
) -> None:
    with start_api(rate_limit=(LIMIT, WINDOW), ratelimit_headers=dialect) as server:
        with client_for(server, demo_env["ACME_PROBE_TOKEN"]) as probe:
            responses = [probe.get("/api/v1/me") for _ in range(LIMIT + 1)]
        with client_for(server, demo_env["GLOBEX_PROBE_TOKEN"]) as other_tenant:
            other = other_tenant.get("/api/v1/me")
        with client_for(server) as anonymous:
            spec = anonymous.get("/api/v1/openapi.json")
    assert [r.status_code for r in responses] == [200] * LIMIT + [429]
    assert expected_first.items() <= responses[0].headers.items()
    assert expected_last.items() <= responses[LIMIT - 1].headers.items()
    too_many = responses[-1]
    assert 1 <= int(too_many.headers["retry-after"]) <= WINDOW
    assert "Retry in" in too_many.json()["message"]
    if dialect == "laravel":
        assert int(too_many.headers["x-ratelimit-reset"]) >= int(time.time())
    if dialect == "ietf":
        assert responses[1].headers["ratelimit"].startswith('"default";r=1;t=')
    assert other.status_code == 200, "another tenant's token has its own bucket"
    assert spec.status_code == 200 and not any(
        h.startswith(("x-ratelimit", "ratelimit")) for h in spec.headers
    )
