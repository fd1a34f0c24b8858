"""SDK readiness: lint the spec for generators, generate a client, call the target through it."""

from tenantprobe.core.family import Family

FAMILY = Family("sdk", "SDK", "sdk", config_block="sdk")
