"""The preflight family's names in the public surface ``tenantprobe`` (the facade reads these imports)."""

from tenantprobe.families.preflight.probes import preflight_report, run_preflight
from tenantprobe.families.preflight.provoke import error_probes
