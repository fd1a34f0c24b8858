"""The ground floor: configuration, run state, the client and its exchanges, budget, ledger, redaction,
failures, findings and the registry of passive checks. Imports nothing above it."""

__version__ = "0.1.0"
