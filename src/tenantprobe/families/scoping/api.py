"""The scoping family's names in the public surface ``tenantprobe`` (the facade reads these imports)."""

from tenantprobe.families.scoping.assign import foreign_reference_refused, tenant_field_ignored
from tenantprobe.families.scoping.foreign_path import foreign_path_refused
from tenantprobe.families.scoping.lists import list_isolation, selector_refused
from tenantprobe.families.scoping.plan import scoping_plan
from tenantprobe.families.scoping.probes import cross_tenant_access
