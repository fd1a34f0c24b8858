"""Failures are data: a typed exception while a test runs, a :class:`Finding` in every report."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from schemathesis.core.failures import Failure, FailureGroup, Severity

from tenantprobe.core.exchange import Exchange


@dataclass
class Finding:
    """One thing wrong with the target, as every report renders it."""

    suite: str  # the family of the check that found it (scoping, rbac, ...)
    check: str
    operation: str
    tenant: str
    role: str
    message: str
    request_id: str = ""
    reproduce: str = ""
    replay: str = ""
    observed_in: str = ""  # the suite whose test saw it
    test: str = ""
    principal: str = ""
    exchange: dict[str, Any] | None = field(default=None, repr=False)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            # Who it concerns; a finding about no principal (a tenant's baseline) is told apart by its text.
            subject = self.principal or self.tenant or (self.message.splitlines() or [""])[0]
            key = "|".join((self.suite, self.check, self.operation, subject))
            self.id = hashlib.sha256(key.encode()).hexdigest()[:10]

    def asdict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def fromdict(cls, data: dict[str, Any]) -> Finding:
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        return cls(**known)


class ProbeFailure(Failure):
    """A check of ours failed; carries who sent what, so a reporter can show and replay it."""

    code = "TP900"
    kind_title = "tenantprobe check failed"

    def __init__(
        self,
        *,
        family: str,
        check: str,
        message: str,
        operation: str = "",
        principal: str = "",
        exchange: Exchange | None = None,
        severity: Severity = Severity.HIGH,
    ) -> None:
        super().__init__(operation=operation, title=f"{family}: {check}", message=message, severity=severity)
        self.family = family
        self.check = check
        self.principal = principal
        self.exchange = exchange

    @property
    def _unique_key(self) -> str:
        # One finding per check, principal and message shape; schemathesis dedupes on this.
        return f"{self.check}|{self.principal}|{self.message}"


def split_failures(error: BaseException) -> list[Failure]:
    """The individual check failures inside what a test raised (groups are flattened)."""
    if isinstance(error, BaseExceptionGroup):
        found: list[Failure] = []
        for inner in error.exceptions:
            found += split_failures(inner)
        return found
    return [error] if isinstance(error, Failure) else []


def raise_all(failures: Sequence[Failure]) -> None:
    """Raise nothing, one failure, or a group: the shape pytest and schemathesis both render."""
    unique = list(dict.fromkeys(failures))
    if len(unique) == 1:
        raise unique[0]
    if unique:
        raise FailureGroup(unique)


def check_name(failure: Failure) -> str:
    if isinstance(failure, ProbeFailure):
        return failure.check
    checks = type(failure).checks
    return checks[0] if checks else failure.title


def family_of(failure: Failure) -> str:
    return failure.family if isinstance(failure, ProbeFailure) else "contract"
