"""Rate limits: header dialects, Retry-After, the passive watch and the active throttle probe."""

from tenantprobe.core.family import Family

FAMILY = Family("rate_limits", "Rate limit", "rate-limit", config_block="rate_limits", judges_throttling=True)
