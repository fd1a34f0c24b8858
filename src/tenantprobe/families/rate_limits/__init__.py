"""Rate limits: header dialects, Retry-After, the passive watch and the active throttle probe."""

from tenantprobe.core.family import Family

# The checks this family can fail; modules raise them by these names, never by a literal.
RATE_LIMIT_HEADERS = "rate_limit_headers"
RATE_LIMIT_REMAINING_WITHIN_LIMIT = "rate_limit_remaining_within_limit"
RATE_LIMIT_REMAINING_MONOTONIC = "rate_limit_remaining_monotonic"
RATE_LIMIT_RETRY_AFTER = "rate_limit_retry_after"
RATE_LIMIT_ENFORCED = "rate_limit_enforced"
RATE_LIMIT_EXACT_BUDGET = "rate_limit_exact_budget"
RATE_LIMIT_REMAINING_COUNTS_DOWN = "rate_limit_remaining_counts_down"
RATE_LIMIT_PER_TENANT = "rate_limit_per_tenant"
RATE_LIMIT_PER_PRINCIPAL = "rate_limit_per_principal"
RATE_LIMIT_NO_BYPASS = "rate_limit_no_bypass"
RATE_LIMIT_RECOVERS = "rate_limit_recovers"

FAMILY = Family(
    "rate_limits",
    "Rate limit",
    "rate-limit",
    order=20,  # cheap, and its findings would otherwise wait for every other suite
    config_block="rate_limits",
    judges_throttling=True,
    checks=(
        RATE_LIMIT_HEADERS,
        RATE_LIMIT_REMAINING_WITHIN_LIMIT,
        RATE_LIMIT_REMAINING_MONOTONIC,
        RATE_LIMIT_RETRY_AFTER,
        RATE_LIMIT_ENFORCED,
        RATE_LIMIT_EXACT_BUDGET,
        RATE_LIMIT_REMAINING_COUNTS_DOWN,
        RATE_LIMIT_PER_TENANT,
        RATE_LIMIT_PER_PRINCIPAL,
        RATE_LIMIT_NO_BYPASS,
        RATE_LIMIT_RECOVERS,
    ),
)
