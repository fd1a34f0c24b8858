"""What the scoping suite calls: this family's part of the public surface ``tenantprobe``.

The facade reads these imports (without running them) into its table of public names, so a family
adds its names here, in its own package, and the facade lists none of them.
"""

from tenantprobe.families.scoping.assign import foreign_reference_refused, tenant_field_ignored
from tenantprobe.families.scoping.foreign_path import foreign_path_refused
from tenantprobe.families.scoping.lists import list_isolation, selector_refused
from tenantprobe.families.scoping.plan import scoping_plan
from tenantprobe.families.scoping.probes import cross_tenant_access
