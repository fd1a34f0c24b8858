"""Preflight: target up, spec valid, every principal authenticates, tenants set up as configured."""

from tenantprobe.core.family import Family

FAMILY = Family("preflight", "Preflight", "preflight")
