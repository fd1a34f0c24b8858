"""Contract: every operation, as every non-admin principal, honours the spec."""

from tenantprobe.core.family import Family

FAMILY = Family("contract", "Contract", "contract")
