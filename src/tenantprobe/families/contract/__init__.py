"""Contract: every operation, as every non-admin principal, honours the spec."""
