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
from tenantprobe._pusher import (
    MALFORMED_SOCKET_IDS,
    EventsSettings,
    PusherConnection,
    PusherError,
    ScenarioError,
    StreamScenario,
    events_settings,
    forged_subscription_failures,
    fresh_socket_id,
    judge_malformed_socket,
    judge_own_channel,
    judge_refused,
    request_channel_auth,
)
from tenantprobe._ratelimit import ThrottleOutcome, probe_throttling, throttle_probe_unavailable
from tenantprobe._session import record_subjects
from tenantprobe._state import Knowledge, RunState, acting_as, acting_principal
from tenantprobe._state import state as harness_state
from tenantprobe._webhooks import (
    FORGERY_KINDS,
    SCHEMES,
    Delivery,
    InboundProbe,
    InboundSetupError,
    InboundTarget,
    OutboundRun,
    Receiver,
    Scheme,
    Verdict,
    WebhookJudge,
    WebhookPayloadSchemas,
    WebhookSettings,
    event_name,
    forgery_applies,
    forgery_strategy,
    outbound_session,
    scheme_from_config,
    webhook_settings,
)

__version__ = "0.1.0"

__all__ = [
    "CheckContext",
    "Config",
    "ConfigError",
    "ContractRunner",
    "Delivery",
    "EventsSettings",
    "Exchange",
    "FORGERY_KINDS",
    "Finding",
    "IdentityResult",
    "InboundProbe",
    "InboundSetupError",
    "InboundTarget",
    "Knowledge",
    "MALFORMED_SOCKET_IDS",
    "OutboundRun",
    "PreflightReport",
    "Principal",
    "ProbeFailure",
    "ProbeResult",
    "PusherConnection",
    "PusherError",
    "Receiver",
    "RunState",
    "SCHEMES",
    "ScenarioError",
    "Scheme",
    "StreamScenario",
    "TargetClient",
    "Tenant",
    "ThrottleOutcome",
    "Verdict",
    "WebhookJudge",
    "WebhookPayloadSchemas",
    "WebhookSettings",
    "__version__",
    "acting_as",
    "acting_principal",
    "auth_headers",
    "contract_schema",
    "contract_settings",
    "discover_identities",
    "event_name",
    "events_settings",
    "find_leaks",
    "forged_subscription_failures",
    "forgery_applies",
    "forgery_strategy",
    "fresh_socket_id",
    "harness_state",
    "holds",
    "iter_operations",
    "judge_malformed_socket",
    "judge_own_channel",
    "judge_refused",
    "load_config",
    "operation_key",
    "outbound_session",
    "passive_check",
    "preflight_report",
    "probe_identity",
    "probe_throttling",
    "raise_all",
    "record_subjects",
    "registered_checks",
    "request_channel_auth",
    "required_permission",
    "resolve_pointer",
    "run_preflight",
    "scheme_from_config",
    "throttle_probe_unavailable",
    "webhook_settings",
]
