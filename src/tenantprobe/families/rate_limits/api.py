"""What the rate_limits suite calls: this family's part of the public surface ``tenantprobe``.

The facade reads these imports (without running them) into its table of public names, so a family
adds its names here, in its own package, and the facade lists none of them.
"""

from tenantprobe.families.rate_limits.run import ThrottleOutcome, probe_throttling, throttle_probe_unavailable
