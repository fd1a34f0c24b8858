"""Thin on purpose: the harness lives in the tenantprobe plugin, fixtures in fixtures/."""

pytest_plugins = [
    "fixtures.target",
    "fixtures.principals",
    "fixtures.ratelimit",
    "fixtures.canaries",
    "fixtures.events",
    "fixtures.receiver",
]
