"""What the rbac suite calls: this family's part of the public surface ``tenantprobe``.

The facade reads these imports (without running them) into its table of public names, so a family
adds its names here, in its own package, and the facade lists none of them.
"""

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
