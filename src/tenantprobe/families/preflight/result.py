"""One preflight probe's result: a subject, the probe, ok/fail/skip, and what to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from tenantprobe.core.exchange import Exchange

Status = Literal["ok", "fail", "skip"]


@dataclass(frozen=True)
class ProbeResult:
    subject: str  # "target", a principal id (``red/reader``) or a tenant name
    probe: str
    status: Status
    message: str = ""
    fatal: bool = False
    operation: str = ""
    exchange: Exchange | None = field(default=None, compare=False)
