"""Scoping: no tenant reads, changes or deletes another tenant's data, and nothing of it leaks anywhere."""

from tenantprobe.core.family import Family

FAMILY = Family("scoping", "Scoping leak", "scoping-leak")
