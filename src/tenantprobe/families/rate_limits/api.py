"""The rate_limits family's names in the public surface ``tenantprobe`` (the facade reads these imports)."""

from tenantprobe.families.rate_limits.run import ThrottleOutcome, probe_throttling, throttle_probe_unavailable
