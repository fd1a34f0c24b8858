"""The rbac family's names in the public surface ``tenantprobe`` (the facade reads these imports)."""

from tenantprobe.families.rbac.escalation import (
    escalation_operations,
    grant_above_own_refused,
    identity_mismatches,
    mass_assignment_operations,
    may_call,
    role_field_ignored,
    roles_follow_the_tenant,
)
from tenantprobe.families.rbac.matrix import probe_permissions
from tenantprobe.families.rbac.roles import matrix_operations
