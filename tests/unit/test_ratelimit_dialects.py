"""Reading rate-limit headers in every dialect, Retry-After in both forms, and auto-detection."""

from __future__ import annotations

from email.utils import formatdate

import pytest

from tenantprobe.core.ratelimit.dialects import KNOWN as KNOWN_DIALECTS
from tenantprobe.core.ratelimit.dialects import CustomNames, custom_dialect, detect
from tenantprobe.core.ratelimit.retry_after import RetryAfterError, parse_retry_after

NOW = 1_800_000_000.0
LARAVEL, IETF, GITHUB = (KNOWN_DIALECTS[name] for name in ("laravel", "ietf", "github"))


def test_laravel_reads_limit_and_remaining_and_the_reset_of_a_429() -> None:
    reading = LARAVEL.read(
        {"x-ratelimit-limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 30)},
        NOW,
    )
    assert (reading.limit, reading.remaining, reading.reset_after, reading.problems) == (60, 0, 30.0, ())


def test_laravel_reports_a_non_integer_remaining_as_a_problem() -> None:
    reading = LARAVEL.read({"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "lots"}, NOW)
    assert reading.remaining is None
    assert reading.problems == ("`X-RateLimit-Remaining: lots` is not a non-negative integer",)


def test_laravel_says_which_headers_are_missing() -> None:
    assert LARAVEL.missing({"X-RateLimit-Limit": "60"}) == ("X-RateLimit-Remaining",)
    assert LARAVEL.missing({"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "1"}) == ()


def test_ietf_structured_policy_and_state_are_paired_by_policy_name() -> None:
    headers = {"RateLimit-Policy": '"burst";q=10;w=1, "day";q=1000;w=86400', "RateLimit": '"day";r=42;t=300'}
    reading = IETF.read(headers, NOW)
    assert (reading.limit, reading.remaining, reading.reset_after, reading.window) == (
        1000,
        42,
        300.0,
        86400.0,
    )
    assert reading.policy == "day" and reading.problems == ()


def test_ietf_state_naming_an_unlisted_policy_is_a_problem() -> None:
    reading = IETF.read({"RateLimit-Policy": '"default";q=10;w=60', "RateLimit": '"other";r=1;t=5'}, NOW)
    assert "names policy `other`" in reading.problems[0]


def test_ietf_draft_07_dictionary_form() -> None:
    reading = IETF.read({"RateLimit": "limit=100, remaining=7, reset=12"}, NOW)
    assert (reading.limit, reading.remaining, reading.reset_after) == (100, 7, 12.0)


def test_ietf_separate_fields_of_the_early_drafts_with_a_quota_list() -> None:
    headers = {"RateLimit-Limit": "10, 10;w=1, 50;w=60", "RateLimit-Remaining": "3", "RateLimit-Reset": "1"}
    reading = IETF.read(headers, NOW)
    assert (reading.limit, reading.remaining, reading.reset_after) == (10, 3, 1.0)
    assert IETF.missing(headers) == ()


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ('"default";r=abc;t=3', "parameter `r` of `RateLimit` is `abc`"),
        ('"default";t=3', "lacks the `r` parameter"),
        ('"default";r=-1;t=3', "parameter `r` of `RateLimit` is `-1`"),
        ("limit=10, remaining=((", "not a valid structured field"),
    ],
)
def test_ietf_malformed_state_is_a_problem_not_a_crash(value: str, fragment: str) -> None:
    reading = IETF.read({"RateLimit-Policy": '"default";q=10;w=60', "RateLimit": value}, NOW)
    assert any(fragment in problem for problem in reading.problems), reading.problems


def test_ietf_state_without_policy_does_not_announce_the_quota() -> None:
    reading = IETF.read({"RateLimit": '"default";r=5;t=3'}, NOW)
    assert reading.remaining == 5 and reading.limit is None
    assert "without `RateLimit-Policy`" in reading.problems[0]


def test_github_reads_used_reset_and_resource() -> None:
    headers = {
        "x-ratelimit-limit": "5000", "x-ratelimit-remaining": "4999", "x-ratelimit-used": "1",
        "x-ratelimit-reset": str(int(NOW) + 3600), "x-ratelimit-resource": "core",
    }  # fmt: skip
    reading = GITHUB.read(headers, NOW)
    assert (reading.limit, reading.remaining, reading.used, reading.reset_after) == (5000, 4999, 1, 3600.0)
    assert reading.policy == "core"


def test_github_reset_in_the_past_is_a_problem() -> None:
    reading = GITHUB.read({"x-ratelimit-reset": str(int(NOW) - 600)}, NOW)
    assert "lies in the past" in reading.problems[0]


def test_custom_names_with_seconds_until_reset() -> None:
    dialect = custom_dialect(CustomNames("Quota-Limit", "Quota-Left", reset="Quota-Reset-In"))
    reading = dialect.read({"quota-limit": "9", "quota-left": "8", "quota-reset-in": "4"}, NOW)
    assert (reading.limit, reading.remaining, reading.reset_after) == (9, 8, 4.0)
    assert dialect.missing({"quota-limit": "9"}) == ("Quota-Left",)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["RateLimit-Policy", "RateLimit"], "ietf"),
        (["ratelimit-remaining"], "ietf"),
        (["x-ratelimit-limit", "x-ratelimit-used"], "github"),
        (["X-RateLimit-Limit", "X-RateLimit-Remaining"], "laravel"),
    ],
)
def test_detect_recognises_each_dialect(names: list[str], expected: str) -> None:
    found = detect(names)
    assert found is not None and found.name == expected


def test_detect_finds_nothing_in_unrelated_headers() -> None:
    assert detect(["Content-Type", "X-Request-Id"]) is None


def test_retry_after_delta_seconds() -> None:
    parsed = parse_retry_after("120", NOW)
    assert (parsed.seconds, parsed.form) == (120.0, "delta-seconds")


def test_retry_after_http_date() -> None:
    parsed = parse_retry_after(formatdate(NOW + 90, usegmt=True), NOW)
    assert (parsed.seconds, parsed.form) == (90.0, "http-date")


def test_retry_after_date_in_the_past_means_now() -> None:
    assert parse_retry_after(formatdate(NOW - 90, usegmt=True), NOW).seconds == 0.0


@pytest.mark.parametrize("value", ["soon", "-5", "1.5", "", "Wed, 99 Foo 2015 07:28:00"])
def test_retry_after_rejects_what_is_neither_form(value: str) -> None:
    with pytest.raises(RetryAfterError, match="neither delta-seconds"):
        parse_retry_after(value, NOW)
