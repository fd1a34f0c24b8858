"""Turn one throttle scenario into verdicts, one per property the rate-limit suite asserts."""

from __future__ import annotations

from dataclasses import dataclass, field

from tenantprobe.core.exchange import status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.ratelimit.retry_after import RetryAfterError, parse_retry_after
from tenantprobe.families.rate_limits import (
    FAMILY,
    RATE_LIMIT_ENFORCED,
    RATE_LIMIT_EXACT_BUDGET,
    RATE_LIMIT_HEADERS,
    RATE_LIMIT_NO_BYPASS,
    RATE_LIMIT_PER_PRINCIPAL,
    RATE_LIMIT_PER_TENANT,
    RATE_LIMIT_RECOVERS,
    RATE_LIMIT_REMAINING_COUNTS_DOWN,
    RATE_LIMIT_RETRY_AFTER,
)
from tenantprobe.families.rate_limits.probe import ThrottleReport
from tenantprobe.families.rate_limits.settings import RateLimitSettings
from tenantprobe.families.rate_limits.spend import Step


@dataclass
class Verdict:
    failures: list[ProbeFailure] = field(default_factory=list)
    skipped: str = ""  # why the property could not be judged on this target (never a silent pass)


def _status(step: Step) -> str:
    return status_text(step.status)


def _fail(report: ThrottleReport, check: str, message: str, step: Step, principal: str = "") -> ProbeFailure:
    return ProbeFailure(
        family=FAMILY.name, check=check, message=message, operation=report.operation,
        principal=principal or report.principal.id, exchange=step.exchange,
    )  # fmt: skip


def _who(report: ThrottleReport) -> str:
    return f"`{report.operation}` as `{report.principal.id}`"


def not_throttled_reason(report: ThrottleReport) -> str:
    spend = report.spend
    why = spend.stopped or "no 429"
    return f"`{report.principal.id}` was never throttled ({why}), so this cannot be judged"


def headers_announced(report: ThrottleReport, settings: RateLimitSettings, dialect: str | None) -> Verdict:
    failures = []
    step = report.spend.unannounced
    if step is not None:
        names = f"{dialect} rate-limit headers" if dialect else "rate-limit headers of any known dialect"
        message = f"Expected {names}, got none on `{_status(step)}` for {_who(report)}"
        failures.append(_fail(report, RATE_LIMIT_HEADERS, message, step))
    bad = report.spend.malformed
    if bad is not None:
        message = f"Malformed rate-limit headers on `{_status(bad)}` for {_who(report)}: " + "; ".join(
            bad.reading.problems
        )
        failures.append(_fail(report, RATE_LIMIT_HEADERS, message, bad))
    return Verdict(failures)


def limit_enforced(report: ThrottleReport) -> Verdict:
    spend = report.spend
    if spend.unenforced is not None:
        low, after = spend.unenforced
        message = (
            f"Expected `429 Too Many Requests` once Remaining reached {low}, got `{_status(after)}` for "
            f"{_who(report)} (Remaining {after.reading.remaining}, request {spend.sent})"
        )
        return Verdict([_fail(report, RATE_LIMIT_ENFORCED, message, after)])
    if spend.throttled is not None:
        return Verdict()
    # No 429 and no proof the target ignored Remaining 0 (e.g. too slow to spend a window's budget).
    return Verdict(skipped=f"the budget could not be spent within one window ({spend.stopped or 'stopped'})")


def budget_exact(report: ThrottleReport, slack: int) -> Verdict:
    spend = report.spend
    if spend.throttled is None:
        return Verdict(skipped=not_throttled_reason(report))
    if not spend.premature:
        return Verdict()
    message = (
        f"Expected no `429 Too Many Requests` before the budget is spent (slack {slack}), got it after "
        f"{spend.allowed} allowed requests with Remaining {spend.left_at_throttle} for {_who(report)}"
    )
    return Verdict([_fail(report, RATE_LIMIT_EXACT_BUDGET, message, spend.throttled)])


def remaining_counts_down(report: ThrottleReport) -> Verdict:
    if report.spend.uneven is None:
        if report.spend.first is None or report.spend.first.reading.remaining is None:
            return Verdict(skipped="no Remaining was announced, so the countdown cannot be judged")
        return Verdict()
    low, values, step = report.spend.uneven
    shown = ", ".join(str(value) for value in values)
    message = f"Expected Remaining to go down by one per request, got {shown} after {low} for {_who(report)}"
    return Verdict([_fail(report, RATE_LIMIT_REMAINING_COUNTS_DOWN, message, step)])


def retry_after_given(report: ThrottleReport, settings: RateLimitSettings) -> Verdict:
    step = report.spend.throttled
    if step is None:
        return Verdict(skipped=not_throttled_reason(report))
    if not settings.retry_after:
        return Verdict(skipped="rate_limits.retry_after is false: the target does not promise Retry-After")
    failures = []
    value = step.exchange.header("Retry-After")
    problem = "got none" if value is None else ""
    if value is not None:
        try:
            parse_retry_after(value, step.at)
        except RetryAfterError as error:
            problem = str(error)
    if problem:
        message = (
            "Expected `Retry-After` (delta-seconds or HTTP-date) on `429 Too Many Requests` for "
            f"{_who(report)}, {problem}"
        )
        failures.append(_fail(report, RATE_LIMIT_RETRY_AFTER, message, step))
    if not _actionable(step):
        message = (
            f"Expected a body saying what happened on `429 Too Many Requests` for {_who(report)}, "
            "got an empty one"
        )
        failures.append(_fail(report, "rate_limit_429_actionable", message, step))
    return Verdict(failures)


def _actionable(step: Step) -> bool:
    body = step.exchange.json()
    if isinstance(body, dict):
        return any(isinstance(value, str) and value.strip() for value in body.values())
    return bool(step.exchange.response_body.strip())


def recovers(report: ThrottleReport) -> Verdict:
    step = report.recovered
    if report.recovery_skipped:
        return Verdict(skipped=report.recovery_skipped)
    if step is None:
        return Verdict(skipped=not_throttled_reason(report))
    if 200 <= step.status < 300:
        return Verdict()
    message = (
        f"Expected the principal to recover after waiting {report.waited_s:.1f} s ({report.wait_source}), "
        f"got `{_status(step)}` for {_who(report)}"
    )
    return Verdict([_fail(report, RATE_LIMIT_RECOVERS, message, step)])


def others_not_throttled(report: ThrottleReport, *, tenants: bool) -> Verdict:
    if not report.throttled:
        return Verdict(skipped=not_throttled_reason(report))
    pairs = report.neighbours if tenants else report.colleagues
    if not pairs:
        what = "a probe principal of a second tenant" if tenants else "other principals of its tenant"
        return Verdict(skipped=f"rate_limits.probe has no {what} to compare with")
    check = RATE_LIMIT_PER_TENANT if tenants else RATE_LIMIT_PER_PRINCIPAL
    failures = [
        _fail(
            report,
            check,
            f"Expected `{other.id}` not to be throttled while `{report.principal.id}` is, got "
            f"`{_status(step)}` for `{report.operation}`",
            step,
            other.id,
        )  # fmt: skip
        for other, step in pairs
        if step.status == 429
    ]
    return Verdict(failures)


def no_bypass(report: ThrottleReport) -> Verdict:
    if not report.throttled:
        return Verdict(skipped=not_throttled_reason(report))
    escaped = [(variant, step) for variant, step in report.bypasses if 200 <= step.status < 300]
    if escaped and not report.throttle_held:
        return Verdict(skipped="the window reset during the bypass attempts; their answers prove nothing")
    failures = [
        _fail(
            report,
            RATE_LIMIT_NO_BYPASS,
            f"Expected `429 Too Many Requests` for {_who(report)} with {variant.label} while throttled, "
            f"got `{_status(step)}`",
            step,
        )  # fmt: skip
        for variant, step in escaped
    ]
    return Verdict(failures)
