"""The results of one run, gathered from test reports (of every xdist worker)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from tenantprobe.core.failures import Finding
from tenantprobe.core.verdict import UNPROVEN_PREFIX, is_unproven_reason

OUTCOME_NAMES = ("passed", "failed", "skipped", "unproven")


@dataclass
class RunResults:
    started: float
    started_at: str
    outcomes: dict[str, str] = field(default_factory=dict)  # nodeid -> passed | failed | skipped | unproven
    skip_reasons: dict[str, str] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    requests: int = 0
    subjects: dict[str, dict[str, Any]] = field(default_factory=dict)  # nodeid -> operation, principals
    collection_errors: list[str] = field(default_factory=list)
    waited_s: float = 0.0  # waiting for the target's rate limit, summed over workers
    retried_429: int = 0  # 429s waited out and sent again (none of them judged)
    announced_limit: tuple[int, float | None] | None = None  # (requests, window s) the target announced
    left_behind: list[dict[str, str]] = field(default_factory=list)  # what the run could not remove
    kept_off: list[dict[str, Any]] = field(default_factory=list)  # generated writes re-aimed, by reason
    # file name -> the rows every test (of every worker) recorded for it: the families' own report files
    report_rows: dict[str, list[Any]] = field(default_factory=dict)

    def add_outcome(self, report: pytest.TestReport) -> None:
        nodeid = report.nodeid
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.outcomes[nodeid] = "failed" if report.failed else report.outcome
            if report.skipped and isinstance(report.longrepr, tuple):
                self.skip_reasons[nodeid] = str(report.longrepr[2])
                if is_unproven_reason(self.skip_reasons[nodeid]):
                    # A security check whose precondition was not shown: its own category, never a pass.
                    self.outcomes[nodeid] = "unproven"
        elif report.when == "teardown" and report.failed:
            self.outcomes[nodeid] = "failed"

    def add_pacing(self, pacing: dict[str, Any]) -> None:
        self.waited_s += float(pacing.get("waited_s") or 0.0)
        self.retried_429 += int(pacing.get("retries") or 0)
        if pacing.get("announced"):
            limit, window = pacing["announced"]
            self.announced_limit = (int(limit), None if window is None else float(window))

    def pacing(self) -> dict[str, Any]:
        """How the run kept to the target's rate limit, for summary.json."""
        limit, window = self.announced_limit or (None, None)
        return {
            "waited_s": round(self.waited_s, 1),
            "retried_429": self.retried_429,
            "announced_limit": limit,
            "window_s": window,
        }

    def add_subjects(self, nodeid: str, subjects: dict[str, Any]) -> None:
        self.subjects[nodeid] = subjects

    def add_report_rows(self, file: str, rows: list[Any]) -> None:
        self.report_rows.setdefault(file, []).extend(rows)

    def counts(self) -> dict[str, int]:
        values = list(self.outcomes.values())
        return {name: values.count(name) for name in OUTCOME_NAMES}

    def unproven(self) -> list[dict[str, str]]:
        """Each unproven test and the precondition it could not show."""
        return [
            {"test": nodeid, "reason": _unproven_reason(self.skip_reasons.get(nodeid, ""))}
            for nodeid, outcome in sorted(self.outcomes.items())
            if outcome == "unproven"
        ]

    def unique_findings(self) -> list[Finding]:
        """One finding per check, operation and principal: the first one seen."""
        seen: dict[str, Finding] = {}
        for finding in self.findings:
            seen.setdefault(finding.id, finding)
        return sorted(seen.values(), key=lambda f: (f.suite, f.check, f.operation, f.principal))

    def failed_without_finding(self) -> list[str]:
        with_findings = {finding.test for finding in self.findings}
        failed = sorted(
            n for n, outcome in self.outcomes.items() if outcome == "failed" and n not in with_findings
        )
        # Tests the run's time budget left unrun are not passes: the run must say it is incomplete.
        unrun = sorted(n for n, reason in self.skip_reasons.items() if "time budget" in reason)
        budget = [f"{len(unrun)} test(s) not run: the run's time budget was spent"] if unrun else []
        return self.collection_errors + failed + budget

    def duration(self) -> float:
        return round(time.time() - self.started, 3)


def _unproven_reason(reason: str) -> str:
    return reason.removeprefix("Skipped: ").removeprefix(UNPROVEN_PREFIX)
