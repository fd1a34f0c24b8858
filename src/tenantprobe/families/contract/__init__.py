"""Contract: every operation, as every non-admin principal, honours the spec."""

from tenantprobe.core.family import Family

# The checks this family can fail; modules raise them by these names, never by a literal.
NOT_A_SERVER_ERROR = "not_a_server_error"

FAMILY = Family(
    "contract",
    "Contract",
    "contract",
    order=20,
    checks=(NOT_A_SERVER_ERROR,),
)
