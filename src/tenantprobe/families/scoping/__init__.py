"""Scoping: no tenant reads, changes or deletes another tenant's data, and nothing of it leaks anywhere."""

from tenantprobe.core.family import Family

# The checks this family can fail; modules raise them by these names, never by a literal.
TENANT_ISOLATION = "tenant_isolation"
CROSS_TENANT_ACCESS_REFUSED = "cross_tenant_access_refused"
TENANT_SELECTOR_ENFORCED = "tenant_selector_enforced"
TENANT_FIELD_IMMUTABLE = "tenant_field_immutable"
CROSS_TENANT_REFERENCE_REFUSED = "cross_tenant_reference_refused"

FAMILY = Family(
    "scoping", "Scoping leak", "scoping-leak",
    order=30,
    checks=(
        TENANT_ISOLATION, CROSS_TENANT_ACCESS_REFUSED, TENANT_SELECTOR_ENFORCED, TENANT_FIELD_IMMUTABLE,
        CROSS_TENANT_REFERENCE_REFUSED,
    ),
)
