"""RBAC: each role can do exactly what it is granted, and cannot grant itself more."""

from tenantprobe.core.family import Family

# The checks this family can fail; modules raise them by these names, never by a literal.
PERMISSION_ENFORCED = "permission_enforced"
PERMISSION_GRANTED = "permission_granted"
ROLE_ESCALATION_REFUSED = "role_escalation_refused"
IDENTITY_MATCHES = "identity_matches"

FAMILY = Family(
    "rbac", "Permission", "permission",
    order=40,
    checks=(
        PERMISSION_ENFORCED, PERMISSION_GRANTED, ROLE_ESCALATION_REFUSED, IDENTITY_MATCHES,
    ),
)
