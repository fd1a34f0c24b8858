"""tenantprobe: contract and regression testing for multi-tenant SaaS HTTP APIs.

The public surface for suites and extensions; everything else is private.
"""

from tenantprobe._canaries import CanarySet, plant_canaries, remove_canaries, remove_canaries_on_exit
from tenantprobe._checks import CheckContext, passive_check, registered_checks
from tenantprobe._client import TargetClient, auth_headers
from tenantprobe._config import Config, ConfigError, Principal, Tenant, load_config
from tenantprobe._contract import ContractRunner, contract_schema, contract_settings
from tenantprobe._diff import render_text as render_diff_text
from tenantprobe._exchange import Exchange
from tenantprobe._failures import Finding, ProbeFailure, raise_all
from tenantprobe._identity import IdentityResult, discover_identities, probe_identity, resolve_pointer
from tenantprobe._leaks import find_leaks
from tenantprobe._pairing import Pairing, covering_pairings
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
from tenantprobe._rbac import PermissionMatrix, matrix_operations, probe_permissions
from tenantprobe._rbac_escalation import (
    escalation_operations,
    grant_above_own_refused,
    identity_mismatches,
    mass_assignment_operations,
    may_call,
    role_field_ignored,
)
from tenantprobe._scoping_assign import foreign_reference_refused, tenant_field_ignored
from tenantprobe._scoping_lists import list_isolation, selector_refused
from tenantprobe._scoping_plan import ScopingPlan, scoping_plan
from tenantprobe._scoping_probes import ProbeKit, cross_tenant_access
from tenantprobe._sdk import (
    LINT_RULES,
    BaselineUnreadable,
    GeneratedClient,
    GenerationFailed,
    SdkCall,
    baseline_diff,
    call_through_client,
    choose_subject,
    first_list_length,
    generate_client,
    list_operations,
    module_name,
    parsed_value,
    sdk_settings,
)
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
    "BaselineUnreadable",
    "CanarySet",
    "CheckContext",
    "Config",
    "ConfigError",
    "ContractRunner",
    "Delivery",
    "EventsSettings",
    "Exchange",
    "FORGERY_KINDS",
    "Finding",
    "GeneratedClient",
    "GenerationFailed",
    "IdentityResult",
    "InboundProbe",
    "InboundSetupError",
    "InboundTarget",
    "Knowledge",
    "LINT_RULES",
    "MALFORMED_SOCKET_IDS",
    "OutboundRun",
    "Pairing",
    "PermissionMatrix",
    "PreflightReport",
    "Principal",
    "ProbeFailure",
    "ProbeKit",
    "ProbeResult",
    "PusherConnection",
    "PusherError",
    "Receiver",
    "RunState",
    "SCHEMES",
    "ScenarioError",
    "Scheme",
    "ScopingPlan",
    "SdkCall",
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
    "baseline_diff",
    "call_through_client",
    "choose_subject",
    "contract_schema",
    "contract_settings",
    "covering_pairings",
    "cross_tenant_access",
    "discover_identities",
    "escalation_operations",
    "event_name",
    "events_settings",
    "find_leaks",
    "first_list_length",
    "foreign_reference_refused",
    "forged_subscription_failures",
    "forgery_applies",
    "forgery_strategy",
    "fresh_socket_id",
    "generate_client",
    "grant_above_own_refused",
    "harness_state",
    "holds",
    "identity_mismatches",
    "iter_operations",
    "judge_malformed_socket",
    "judge_own_channel",
    "judge_refused",
    "list_isolation",
    "list_operations",
    "load_config",
    "mass_assignment_operations",
    "matrix_operations",
    "may_call",
    "module_name",
    "operation_key",
    "outbound_session",
    "parsed_value",
    "passive_check",
    "plant_canaries",
    "preflight_report",
    "probe_identity",
    "probe_permissions",
    "probe_throttling",
    "raise_all",
    "record_subjects",
    "registered_checks",
    "remove_canaries",
    "remove_canaries_on_exit",
    "render_diff_text",
    "request_channel_auth",
    "required_permission",
    "resolve_pointer",
    "role_field_ignored",
    "run_preflight",
    "scheme_from_config",
    "scoping_plan",
    "sdk_settings",
    "selector_refused",
    "tenant_field_ignored",
    "throttle_probe_unavailable",
    "webhook_settings",
]
