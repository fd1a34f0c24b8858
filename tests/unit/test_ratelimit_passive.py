"""The passive rate-limit checks, on recorded exchanges: silent without a block, exact with one."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tenantprobe import CheckContext, Exchange, ProbeFailure, RunState, load_config
from tenantprobe.families.rate_limits import checks

SPEC = {
    "paths": {
        "/me": {
            "get": {
                "responses": {
                    "200": {
                        "description": "",
                        "headers": {"X-RateLimit-Limit": {}, "X-RateLimit-Remaining": {}},
                    },
                    "429": {"description": "", "headers": {"Retry-After": {}, "X-RateLimit-Limit": {}}},
                }
            }
        },
        "/up": {"get": {"responses": {"200": {"description": ""}}}},
    }
}


def make_state(tmp_path: Path, block: dict[str, Any] | None) -> RunState:
    data: dict[str, Any] = {
        "version": 1,
        "target": {"base_url": "http://127.0.0.1:9", "spec": "/openapi.json"},
        "auth": {"carrier": "bearer"},
        "tenants": {
            "a": {"admin": {"token": "${T0}"}, "principals": {"viewer": {"role": "v", "token": "${T1}"}}}
        },
    }
    if block is not None:
        data["rate_limits"] = block
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    config = load_config(path, env={"T0": "admin-token", "T1": "viewer-token"})
    return RunState(config, "http://127.0.0.1:9", SPEC, "sha")


def exchange(path: str, status: int, headers: dict[str, str], token: str = "viewer-token") -> Exchange:
    sent = {"Authorization": f"Bearer {token}"}
    return Exchange("GET", f"http://127.0.0.1:9{path}", sent, None, status, headers, b"{}", elapsed_ms=1.0)


def run(state: RunState, check: Any, seen: Exchange) -> str:
    principal = state.config.principal("a/viewer")
    try:
        check(CheckContext(state, principal, f"GET {seen.url.split(':9', 1)[1]}"), seen)
    except ProbeFailure as failure:
        return failure.message
    return ""


def test_without_a_block_nothing_is_checked(tmp_path: Path) -> None:
    state = make_state(tmp_path, None)
    assert run(state, checks.rate_limit_headers, exchange("/me", 200, {})) == ""
    assert run(state, checks.rate_limit_retry_after, exchange("/me", 429, {})) == ""


def test_declared_headers_missing_is_a_finding(tmp_path: Path) -> None:
    state = make_state(tmp_path, {"dialect": "laravel"})
    message = run(state, checks.rate_limit_headers, exchange("/me", 200, {"X-RateLimit-Limit": "60"}))
    assert message.startswith("Expected rate-limit headers `X-RateLimit-Remaining` (laravel dialect)")
    assert "`200 OK` for `GET /me` as `a/viewer`" in message
    assert run(state, checks.rate_limit_headers, exchange("/up", 200, {})) == ""  # not declared there


def test_auto_detects_the_dialect_the_spec_declares(tmp_path: Path) -> None:
    state = make_state(tmp_path, {"dialect": "auto"})
    assert "laravel dialect" in run(state, checks.rate_limit_headers, exchange("/me", 200, {}))


def test_remaining_above_limit_is_a_finding(tmp_path: Path) -> None:
    state = make_state(tmp_path, {"dialect": "laravel"})
    seen = exchange("/me", 200, {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "61"})
    assert "Remaining 61 > Limit 60" in run(state, checks.rate_limit_remaining_within_limit, seen)


def test_github_used_and_remaining_must_add_up(tmp_path: Path) -> None:
    state = make_state(tmp_path, {"dialect": "github"})
    headers = {"x-ratelimit-limit": "60", "x-ratelimit-remaining": "50", "x-ratelimit-used": "5"}
    seen = exchange("/me", 200, headers)
    assert "5 + 50 != 60" in run(state, checks.rate_limit_remaining_within_limit, seen)


def test_remaining_going_up_in_one_window_is_a_finding_once_sequential(tmp_path: Path) -> None:
    state = make_state(tmp_path, {"dialect": "ietf"})
    policy = {"RateLimit-Policy": '"default";q=60;w=60'}
    first = exchange("/me", 200, {**policy, "RateLimit": '"default";r=10;t=30'})
    assert run(state, checks.rate_limit_remaining_monotonic, first) == ""
    time.sleep(0.1)  # the next request is sent well after the first response arrived
    later = exchange("/me", 200, {**policy, "RateLimit": '"default";r=12;t=30'})
    message = run(state, checks.rate_limit_remaining_monotonic, later)
    assert "stay at or below 10 within the same window, got 12" in message


def test_remaining_of_a_request_without_the_principals_credential_is_not_compared(tmp_path: Path) -> None:
    state = make_state(tmp_path, {"dialect": "ietf"})
    policy = {"RateLimit-Policy": '"default";q=60;w=60'}
    run(
        state,
        checks.rate_limit_remaining_monotonic,
        exchange("/me", 200, {**policy, "RateLimit": '"default";r=1;t=30'}),
    )
    anonymous = exchange("/me", 401, {**policy, "RateLimit": '"default";r=50;t=30'}, token="")
    assert run(state, checks.rate_limit_remaining_monotonic, anonymous) == ""


@pytest.mark.parametrize(
    ("headers", "fragment"),
    [({}, "got none"), ({"Retry-After": "later"}, "neither delta-seconds")],
)
def test_429_without_a_valid_retry_after_is_a_finding(
    tmp_path: Path, headers: dict[str, str], fragment: str
) -> None:
    state = make_state(tmp_path, {"dialect": "laravel"})
    assert fragment in run(state, checks.rate_limit_retry_after, exchange("/me", 429, headers))
    assert run(state, checks.rate_limit_retry_after, exchange("/me", 429, {"Retry-After": "3"})) == ""
