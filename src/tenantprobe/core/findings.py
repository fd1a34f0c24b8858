"""From what a test raised to :class:`Finding` records that every reporter renders the same way."""

from __future__ import annotations

import shlex

from schemathesis.core.failures import Failure

from tenantprobe.core.failures import Finding, ProbeFailure, check_name, family_of, split_failures
from tenantprobe.core.redact import active_redactor
from tenantprobe.core.state import maybe_state


def findings_from_exception(error: BaseException, observed_in: str, nodeid: str) -> list[Finding]:
    found = [_finding(failure, observed_in, nodeid) for failure in split_failures(error)]
    unique: dict[str, Finding] = {}
    for finding in found:
        unique.setdefault(finding.id + finding.message, finding)
    return list(unique.values())


def replay_command(finding_id: str) -> str:
    """Re-sends the finding's recorded request as the same principal (``tenantprobe replay``), with the
    run's reports folder, configuration and target as used: it works as printed, from any folder."""
    state = maybe_state()
    command = ["tenantprobe", "replay", finding_id]
    if state is not None:
        if state.reports:
            command += ["--reports", state.reports]
        command += ["--config", str(state.config.source.resolve())]
        if not state.config.target.embedded:
            command += ["--target-url", active_redactor().text(state.base_url)]
    return " ".join(shlex.quote(part) for part in command)


def _finding(failure: Failure, observed_in: str, nodeid: str) -> Finding:
    redactor = active_redactor()
    principal = failure.principal if isinstance(failure, ProbeFailure) else ""
    exchange = failure.exchange if isinstance(failure, ProbeFailure) else None
    tenant, _, role = principal.partition("/")
    state = maybe_state()
    if state is not None and principal:
        try:
            role = state.config.principal(principal).role
        except KeyError:
            pass
    header = state.config.request_id_header if state is not None else None
    message = failure.message or failure.title
    finding = Finding(
        suite=family_of(failure),
        check=check_name(failure),
        operation=failure.operation or "",
        tenant=tenant,
        role=role,
        principal=principal,
        message=redactor.text(message.strip()),
        request_id=exchange.request_id(header) if exchange else "",
        reproduce=exchange.curl(redactor) if exchange else "",
        observed_in=observed_in,
        test=nodeid,
        exchange=exchange.redacted(redactor) if exchange else None,
    )
    finding.replay = replay_command(finding.id)
    return finding
