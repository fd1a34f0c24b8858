"""Each rate_limits defect shows the throttling bug its docstring claims (limit 3 per 30 s), in every
style."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.slow

LIMIT = 3


def _burst(
    start_styled_api: Any, client_for: Any, token: str, defect: str, count: int = LIMIT + 1
) -> list[Any]:
    with (
        start_styled_api(defects={defect}, rate_limit=(LIMIT, 30)) as server,
        client_for(server, token) as client,
    ):
        return [client.get("/api/v1/me") for _ in range(count)]


def test_ratelimit_headers_missing_only_the_429_announces_the_limit(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    responses = _burst(
        start_styled_api, client_for, demo_env["ACME_PROBE_TOKEN"], "ratelimit_headers_missing"
    )
    assert [r.status_code for r in responses] == [200] * LIMIT + [429]
    assert all("x-ratelimit-limit" not in r.headers for r in responses[:LIMIT])
    assert "x-ratelimit-limit" in responses[-1].headers


def test_ratelimit_remaining_stuck_never_counts_down(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    responses = _burst(
        start_styled_api, client_for, demo_env["ACME_PROBE_TOKEN"], "ratelimit_remaining_stuck"
    )
    assert [r.headers["x-ratelimit-remaining"] for r in responses[:LIMIT]] == [str(LIMIT - 1)] * LIMIT
    assert responses[-1].status_code == 429


def test_ratelimit_shared_bucket_throttles_another_tenant(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_styled_api(defects={"ratelimit_shared_bucket"}, rate_limit=(LIMIT, 30)) as server:
        with client_for(server, demo_env["ACME_PROBE_TOKEN"]) as acme:
            for _ in range(LIMIT):
                acme.get("/api/v1/me")
        with client_for(server, demo_env["GLOBEX_PROBE_TOKEN"]) as globex:
            assert globex.get("/api/v1/me").status_code == 429


def test_ratelimit_429_without_retry_after(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    responses = _burst(
        start_styled_api, client_for, demo_env["ACME_PROBE_TOKEN"], "ratelimit_429_without_retry_after"
    )
    assert responses[-1].status_code == 429
    assert "retry-after" not in responses[-1].headers and "x-ratelimit-reset" not in responses[-1].headers


def test_ratelimit_not_enforced_never_answers_429(
    start_styled_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    responses = _burst(
        start_styled_api, client_for, demo_env["ACME_PROBE_TOKEN"], "ratelimit_not_enforced", LIMIT * 2
    )
    assert [r.status_code for r in responses] == [200] * (LIMIT * 2)
    assert responses[-1].headers["x-ratelimit-remaining"] == "0"
