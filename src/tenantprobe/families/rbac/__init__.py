"""RBAC: each role can do exactly what it is granted, and cannot grant itself more."""

from tenantprobe.core.family import Family
from tenantprobe.core.report_files import ReportFile

# The checks this family can fail; modules raise them by these names, never by a literal.
PERMISSION_ENFORCED = "permission_enforced"
PERMISSION_GRANTED = "permission_granted"
ROLE_ESCALATION_REFUSED = "role_escalation_refused"
IDENTITY_MATCHES = "identity_matches"

# Expected vs observed per principal and operation, each cell with its verdict and proof.
PERMISSION_MATRIX = ReportFile("rbac-matrix.json", sort_keys=("operation", "principal"))

FAMILY = Family(
    "rbac", "Permission", "permission",
    order=40,
    checks=(
        PERMISSION_ENFORCED, PERMISSION_GRANTED, ROLE_ESCALATION_REFUSED, IDENTITY_MATCHES,
    ),
    reports=(PERMISSION_MATRIX,),
)
