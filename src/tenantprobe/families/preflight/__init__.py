"""Preflight: target up, spec valid, every principal authenticates, tenants set up as configured."""

from tenantprobe.core.family import Family

# The checks this family can fail; modules raise them by these names, never by a literal.
SPEC_VALID = "spec_valid"
PRINCIPAL_AUTHENTICATES = "principal_authenticates"
TENANT_CONFIRMED = "tenant_confirmed"
ROLE_CONFIRMED = "role_confirmed"
BASELINE_MATCHES = "baseline_matches"
REQUEST_ID_PRESENT = "request_id_present"
REQUEST_ID_ECHOED = "request_id_echoed"
ERROR_ACTIONABLE = "error_actionable"

FAMILY = Family(
    "preflight", "Preflight", "preflight",
    order=10,
    checks=(
        SPEC_VALID, PRINCIPAL_AUTHENTICATES, TENANT_CONFIRMED, ROLE_CONFIRMED, BASELINE_MATCHES,
        REQUEST_ID_PRESENT, REQUEST_ID_ECHOED, ERROR_ACTIONABLE,
    ),
)
