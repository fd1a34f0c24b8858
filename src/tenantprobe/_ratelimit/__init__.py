"""Rate limits: header dialects, Retry-After, the passive watch and the active throttle probe."""

from tenantprobe._ratelimit._dialects import KNOWN as KNOWN_DIALECTS
from tenantprobe._ratelimit._dialects import CustomNames, Dialect, custom_dialect, detect
from tenantprobe._ratelimit._judge import Verdict
from tenantprobe._ratelimit._reading import Reading
from tenantprobe._ratelimit._retry_after import RetryAfter, RetryAfterError, parse_retry_after
from tenantprobe._ratelimit._run import ThrottleOutcome, probe_throttling, throttle_probe_unavailable
from tenantprobe._ratelimit._settings import RateLimitSettings, rate_limit_settings

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
