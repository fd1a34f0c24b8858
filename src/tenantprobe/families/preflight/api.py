"""What the preflight suite calls: this family's part of the public surface ``tenantprobe``.

The facade reads these imports (without running them) into its table of public names, so a family
adds its names here, in its own package, and the facade lists none of them.
"""

from tenantprobe.families.preflight.probes import preflight_report, run_preflight
from tenantprobe.families.preflight.provoke import error_probes
