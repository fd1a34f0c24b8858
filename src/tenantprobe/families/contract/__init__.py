"""Contract: every operation, as every non-admin principal, honours the spec."""

from tenantprobe.core.family import Family

# The checks this family can fail; modules raise them by these names, never by a literal.
NOT_A_SERVER_ERROR = "not_a_server_error"

FAMILY = Family(
    "contract", "Contract", "contract",
    # After the cheap probes (scoping, RBAC, webhooks, events): generation is most of a run's time,
    # so the first findings of the others come in seconds; before rate limits, which drain buckets.
    order=65,
    checks=(
        NOT_A_SERVER_ERROR,
    ),
)
