"""tenantprobe: contract and regression testing for multi-tenant SaaS HTTP APIs.

The public surface for suites and extensions; everything else is private.
"""

from tenantprobe._checks import CheckContext, passive_check, registered_checks
from tenantprobe._client import TargetClient, auth_headers
from tenantprobe._config import Config, ConfigError, Principal, Tenant, load_config
from tenantprobe._contract import ContractRunner, contract_schema, contract_settings
from tenantprobe._exchange import Exchange
from tenantprobe._failures import Finding, ProbeFailure, raise_all
from tenantprobe._identity import IdentityResult, discover_identities, probe_identity, resolve_pointer
from tenantprobe._leaks import find_leaks
from tenantprobe._permissions import holds, iter_operations, operation_key, required_permission
from tenantprobe._preflight import PreflightReport, ProbeResult, preflight_report, run_preflight
from tenantprobe._session import record_subjects
from tenantprobe._state import Knowledge, RunState, acting_as, acting_principal
from tenantprobe._state import state as harness_state

__version__ = "0.1.0"

__all__ = [
    "CheckContext",
    "Config",
    "ConfigError",
    "ContractRunner",
    "Exchange",
    "Finding",
    "IdentityResult",
    "Knowledge",
    "PreflightReport",
    "Principal",
    "ProbeFailure",
    "ProbeResult",
    "RunState",
    "TargetClient",
    "Tenant",
    "__version__",
    "acting_as",
    "acting_principal",
    "auth_headers",
    "contract_schema",
    "contract_settings",
    "discover_identities",
    "find_leaks",
    "harness_state",
    "holds",
    "iter_operations",
    "load_config",
    "operation_key",
    "passive_check",
    "preflight_report",
    "probe_identity",
    "raise_all",
    "record_subjects",
    "registered_checks",
    "required_permission",
    "resolve_pointer",
    "run_preflight",
]
