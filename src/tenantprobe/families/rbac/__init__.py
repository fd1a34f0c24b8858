"""RBAC: each role can do exactly what it is granted, and cannot grant itself more."""
