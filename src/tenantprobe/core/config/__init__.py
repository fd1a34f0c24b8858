"""tenants.yaml: loading, validation and the typed configuration."""

from tenantprobe.core.config.errors import ConfigError, Problem
from tenantprobe.core.config.loader import load_config
from tenantprobe.core.config.model import (
    SAFE_METHODS,
    Auth,
    Carrier,
    Config,
    Credentials,
    Identity,
    Permissions,
    Principal,
    Target,
    Tenancy,
    Tenant,
)

__all__ = [
    "SAFE_METHODS",
    "Auth",
    "Carrier",
    "Config",
    "ConfigError",
    "Credentials",
    "Identity",
    "Permissions",
    "Principal",
    "Problem",
    "Target",
    "Tenancy",
    "Tenant",
    "load_config",
]
