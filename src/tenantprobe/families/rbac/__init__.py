"""RBAC: each role can do exactly what it is granted, and cannot grant itself more."""

from tenantprobe.core.family import Family

FAMILY = Family("rbac", "Permission", "permission")
