"""tenants.yaml: loading, validation and the typed configuration."""

from tenantprobe._config._errors import ConfigError, Problem
from tenantprobe._config._loader import load_config
from tenantprobe._config._model import (
    SAFE_METHODS,
    Auth,
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
