"""The active probe as the suite uses it: whether it may run here, and its verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field

import httpx

from tenantprobe.core.config import ConfigError, Problem
from tenantprobe.core.state import RunState
from tenantprobe.families.rate_limits import (
    RATE_LIMIT_ENFORCED,
    RATE_LIMIT_EXACT_BUDGET,
    RATE_LIMIT_HEADERS,
    RATE_LIMIT_NO_BYPASS,
    RATE_LIMIT_PER_PRINCIPAL,
    RATE_LIMIT_PER_TENANT,
    RATE_LIMIT_RECOVERS,
    RATE_LIMIT_REMAINING_COUNTS_DOWN,
    RATE_LIMIT_RETRY_AFTER,
    judge,
)
from tenantprobe.families.rate_limits.judge import Verdict
from tenantprobe.families.rate_limits.probe import ThrottleReport, run_throttle_scenario
from tenantprobe.families.rate_limits.watch import rate_limit_watch


@dataclass
class ThrottleOutcome:
    report: ThrottleReport
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # property name -> verdict
    error: str = ""  # the probe could not run as configured: a harness error, not a finding


def throttle_probe_unavailable(state: RunState) -> str:
    """Why the active probe must not or cannot run against this target; empty when it may."""
    watch = rate_limit_watch(state)
    settings, probe = watch.settings, watch.settings.probe
    if not settings.configured:
        return f"{state.config.source.name} has no `rate_limits` block: the target promises no rate limit"
    if state.config.target.mode == "production":
        return "target.mode is production: the rate-limit probe never exhausts a budget there"
    if not probe.enabled:
        return "rate_limits.probe.enabled is false for this target"
    if not probe.principals:
        return "rate_limits.probe.principals names no dedicated principal to exhaust"
    if not probe.operation:
        return "rate_limits.probe.operation is not set and tenants.yaml has no identity.path to use"
    unknown = [p.tenant for p in probe.principals if p.tenant not in state.config.tenants]
    if unknown:
        raise ConfigError(
            str(state.config.source),
            [
                Problem(("rate_limits", "probe", "principals", name), "names an unknown tenant", None,
                        f"use one of: {', '.join(state.config.tenants)}")
                for name in unknown
            ],
        )  # fmt: skip
    return ""


def probe_throttling(state: RunState, transport: httpx.BaseTransport | None = None) -> ThrottleOutcome:
    """Run the throttle scenario once and judge every property of it (``transport``: see TargetClient)."""
    watch = rate_limit_watch(state)
    settings = watch.settings
    dialect = watch.dialect()
    report = run_throttle_scenario(state, settings, dialect, transport)
    outcome = ThrottleOutcome(report)
    if report.transport_error:
        outcome.error = (
            f"the target stopped answering the probe after {report.requests} requests "
            f"({report.transport_error}); nothing was judged"
        )
    elif report.spend.refused is not None:
        outcome.error = (
            f"the probe request `{report.operation}` as `{report.principal.id}` was answered "
            f"`{report.spend.refused.status}`: give rate_limits.probe a cheap operation that principal "
            "may call, and check its credential"
        )
    name = dialect.name if dialect else None
    outcome.verdicts = {
        RATE_LIMIT_HEADERS: judge.headers_announced(report, settings, name),
        RATE_LIMIT_ENFORCED: judge.limit_enforced(report),
        RATE_LIMIT_EXACT_BUDGET: judge.budget_exact(report, settings.probe.slack),
        RATE_LIMIT_REMAINING_COUNTS_DOWN: judge.remaining_counts_down(report),
        RATE_LIMIT_RETRY_AFTER: judge.retry_after_given(report, settings),
        RATE_LIMIT_RECOVERS: judge.recovers(report),
        RATE_LIMIT_PER_TENANT: judge.others_not_throttled(report, tenants=True),
        RATE_LIMIT_PER_PRINCIPAL: judge.others_not_throttled(report, tenants=False),
        RATE_LIMIT_NO_BYPASS: judge.no_bypass(report),
    }
    if settings.scope != "principal":
        outcome.verdicts[RATE_LIMIT_PER_PRINCIPAL] = Verdict(
            skipped=f"rate_limits.scope is `{settings.scope}`: the tenant's principals share one budget"
        )
    return outcome
