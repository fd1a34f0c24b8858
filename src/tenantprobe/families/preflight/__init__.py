"""The preflight: target reachable, spec valid, principals authenticate, tenants set up as configured."""

from tenantprobe.families.preflight.probes import (
    PROBES,
    PreflightReport,
    ProbeResult,
    preflight_report,
    run_preflight,
)
from tenantprobe.families.preflight.provoke import ErrorProbe, error_probes
from tenantprobe.families.preflight.table import render_fatal, render_table

__all__ = [
    "ErrorProbe",
    "error_probes",
    "PROBES",
    "PreflightReport",
    "ProbeResult",
    "preflight_report",
    "render_fatal",
    "render_table",
    "run_preflight",
]
