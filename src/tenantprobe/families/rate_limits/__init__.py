"""Rate limits: header dialects, Retry-After, the passive watch and the active throttle probe."""

from tenantprobe.families.rate_limits.dialects import KNOWN as KNOWN_DIALECTS
from tenantprobe.families.rate_limits.dialects import CustomNames, Dialect, custom_dialect, detect
from tenantprobe.families.rate_limits.judge import Verdict
from tenantprobe.families.rate_limits.reading import Reading
from tenantprobe.families.rate_limits.retry_after import RetryAfter, RetryAfterError, parse_retry_after
from tenantprobe.families.rate_limits.run import ThrottleOutcome, probe_throttling, throttle_probe_unavailable
from tenantprobe.families.rate_limits.settings import RateLimitSettings, rate_limit_settings

__all__ = [
    "KNOWN_DIALECTS",
    "CustomNames",
    "Dialect",
    "RateLimitSettings",
    "Reading",
    "RetryAfter",
    "RetryAfterError",
    "ThrottleOutcome",
    "Verdict",
    "custom_dialect",
    "detect",
    "parse_retry_after",
    "probe_throttling",
    "rate_limit_settings",
    "throttle_probe_unavailable",
]
