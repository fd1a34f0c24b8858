"""tenantprobe: contract and regression testing for multi-tenant SaaS HTTP APIs.

The public surface for suites and extensions; everything else is private.

Names load on first use, so `tenantprobe --help` and a pytest run of the project's own tests do
not pay for the whole harness.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (private module, attribute)
_EXPORTS: dict[str, tuple[str, str]] = {
    "CanarySet": ("tenantprobe._canaries", "CanarySet"),
    "plant_canaries": ("tenantprobe._canaries", "plant_canaries"),
    "remove_canaries": ("tenantprobe._canaries", "remove_canaries"),
    "remove_canaries_on_exit": ("tenantprobe._canaries", "remove_canaries_on_exit"),
    "CheckContext": ("tenantprobe._checks", "CheckContext"),
    "passive_check": ("tenantprobe._checks", "passive_check"),
    "registered_checks": ("tenantprobe._checks", "registered_checks"),
    "TargetClient": ("tenantprobe._client", "TargetClient"),
    "auth_headers": ("tenantprobe._client", "auth_headers"),
    "Config": ("tenantprobe._config", "Config"),
    "ConfigError": ("tenantprobe._config", "ConfigError"),
    "Principal": ("tenantprobe._config", "Principal"),
    "Tenant": ("tenantprobe._config", "Tenant"),
    "load_config": ("tenantprobe._config", "load_config"),
    "ContractRunner": ("tenantprobe._contract", "ContractRunner"),
    "HOSTILE_STRINGS": ("tenantprobe._contract", "HOSTILE_STRINGS"),
    "contract_schema": ("tenantprobe._contract", "contract_schema"),
    "contract_settings": ("tenantprobe._contract", "contract_settings"),
    "run_stateful": ("tenantprobe._contract", "run_stateful"),
    "stateful_principals": ("tenantprobe._contract", "stateful_principals"),
    "render_diff_text": ("tenantprobe._diff", "render_text"),
    "Exchange": ("tenantprobe._exchange", "Exchange"),
    "Finding": ("tenantprobe._failures", "Finding"),
    "ProbeFailure": ("tenantprobe._failures", "ProbeFailure"),
    "raise_all": ("tenantprobe._failures", "raise_all"),
    "IdentityResult": ("tenantprobe._identity", "IdentityResult"),
    "discover_identities": ("tenantprobe._identity", "discover_identities"),
    "probe_identity": ("tenantprobe._identity", "probe_identity"),
    "resolve_pointer": ("tenantprobe._identity", "resolve_pointer"),
    "find_leaks": ("tenantprobe._leaks", "find_leaks"),
    "Pairing": ("tenantprobe._pairing", "Pairing"),
    "covering_pairings": ("tenantprobe._pairing", "covering_pairings"),
    "holds": ("tenantprobe._permissions", "holds"),
    "iter_operations": ("tenantprobe._permissions", "iter_operations"),
    "operation_key": ("tenantprobe._permissions", "operation_key"),
    "required_permission": ("tenantprobe._permissions", "required_permission"),
    "PreflightReport": ("tenantprobe._preflight", "PreflightReport"),
    "ProbeResult": ("tenantprobe._preflight", "ProbeResult"),
    "error_probes": ("tenantprobe._preflight", "error_probes"),
    "preflight_report": ("tenantprobe._preflight", "preflight_report"),
    "run_preflight": ("tenantprobe._preflight", "run_preflight"),
    "EventsSettings": ("tenantprobe._pusher", "EventsSettings"),
    "MALFORMED_SOCKET_IDS": ("tenantprobe._pusher", "MALFORMED_SOCKET_IDS"),
    "PusherConnection": ("tenantprobe._pusher", "PusherConnection"),
    "PusherError": ("tenantprobe._pusher", "PusherError"),
    "ScenarioError": ("tenantprobe._pusher", "ScenarioError"),
    "StreamScenario": ("tenantprobe._pusher", "StreamScenario"),
    "combine_by_subject": ("tenantprobe._pusher", "combine_by_subject"),
    "events_settings": ("tenantprobe._pusher", "events_settings"),
    "forged_subscription_failures": ("tenantprobe._pusher", "forged_subscription_failures"),
    "fresh_socket_id": ("tenantprobe._pusher", "fresh_socket_id"),
    "judge_anonymous": ("tenantprobe._pusher", "judge_anonymous"),
    "judge_malformed_socket": ("tenantprobe._pusher", "judge_malformed_socket"),
    "judge_own_channel": ("tenantprobe._pusher", "judge_own_channel"),
    "judge_refused": ("tenantprobe._pusher", "judge_refused"),
    "request_channel_auth": ("tenantprobe._pusher", "request_channel_auth"),
    "ThrottleOutcome": ("tenantprobe._ratelimit", "ThrottleOutcome"),
    "probe_throttling": ("tenantprobe._ratelimit", "probe_throttling"),
    "throttle_probe_unavailable": ("tenantprobe._ratelimit", "throttle_probe_unavailable"),
    "PermissionMatrix": ("tenantprobe._rbac", "PermissionMatrix"),
    "matrix_operations": ("tenantprobe._rbac", "matrix_operations"),
    "probe_permissions": ("tenantprobe._rbac", "probe_permissions"),
    "escalation_operations": ("tenantprobe._rbac_escalation", "escalation_operations"),
    "grant_above_own_refused": ("tenantprobe._rbac_escalation", "grant_above_own_refused"),
    "identity_mismatches": ("tenantprobe._rbac_escalation", "identity_mismatches"),
    "mass_assignment_operations": ("tenantprobe._rbac_escalation", "mass_assignment_operations"),
    "may_call": ("tenantprobe._rbac_escalation", "may_call"),
    "role_field_ignored": ("tenantprobe._rbac_escalation", "role_field_ignored"),
    "roles_follow_the_tenant": ("tenantprobe._rbac_escalation", "roles_follow_the_tenant"),
    "foreign_reference_refused": ("tenantprobe._scoping_assign", "foreign_reference_refused"),
    "tenant_field_ignored": ("tenantprobe._scoping_assign", "tenant_field_ignored"),
    "list_isolation": ("tenantprobe._scoping_lists", "list_isolation"),
    "selector_refused": ("tenantprobe._scoping_lists", "selector_refused"),
    "ScopingPlan": ("tenantprobe._scoping_plan", "ScopingPlan"),
    "scoping_plan": ("tenantprobe._scoping_plan", "scoping_plan"),
    "ProbeKit": ("tenantprobe._scoping_probes", "ProbeKit"),
    "cross_tenant_access": ("tenantprobe._scoping_probes", "cross_tenant_access"),
    "BaselineUnreadable": ("tenantprobe._sdk", "BaselineUnreadable"),
    "GeneratedClient": ("tenantprobe._sdk", "GeneratedClient"),
    "GenerationFailed": ("tenantprobe._sdk", "GenerationFailed"),
    "LINT_RULES": ("tenantprobe._sdk", "LINT_RULES"),
    "SdkCall": ("tenantprobe._sdk", "SdkCall"),
    "baseline_diff": ("tenantprobe._sdk", "baseline_diff"),
    "call_through_client": ("tenantprobe._sdk", "call_through_client"),
    "choose_subject": ("tenantprobe._sdk", "choose_subject"),
    "first_list_length": ("tenantprobe._sdk", "first_list_length"),
    "generate_client": ("tenantprobe._sdk", "generate_client"),
    "list_operations": ("tenantprobe._sdk", "list_operations"),
    "module_name": ("tenantprobe._sdk", "module_name"),
    "parsed_value": ("tenantprobe._sdk", "parsed_value"),
    "sdk_settings": ("tenantprobe._sdk", "sdk_settings"),
    "record_subjects": ("tenantprobe._session", "record_subjects"),
    "Knowledge": ("tenantprobe._state", "Knowledge"),
    "RunState": ("tenantprobe._state", "RunState"),
    "acting_as": ("tenantprobe._state", "acting_as"),
    "acting_principal": ("tenantprobe._state", "acting_principal"),
    "harness_state": ("tenantprobe._state", "state"),
    "Delivery": ("tenantprobe._webhooks", "Delivery"),
    "FORGERY_KINDS": ("tenantprobe._webhooks", "FORGERY_KINDS"),
    "InboundProbe": ("tenantprobe._webhooks", "InboundProbe"),
    "InboundSetupError": ("tenantprobe._webhooks", "InboundSetupError"),
    "InboundTarget": ("tenantprobe._webhooks", "InboundTarget"),
    "OutboundRun": ("tenantprobe._webhooks", "OutboundRun"),
    "Receiver": ("tenantprobe._webhooks", "Receiver"),
    "SCHEMES": ("tenantprobe._webhooks", "SCHEMES"),
    "Scheme": ("tenantprobe._webhooks", "Scheme"),
    "Verdict": ("tenantprobe._webhooks", "Verdict"),
    "WebhookJudge": ("tenantprobe._webhooks", "WebhookJudge"),
    "WebhookPayloadSchemas": ("tenantprobe._webhooks", "WebhookPayloadSchemas"),
    "WebhookSettings": ("tenantprobe._webhooks", "WebhookSettings"),
    "event_name": ("tenantprobe._webhooks", "event_name"),
    "forgery_applies": ("tenantprobe._webhooks", "forgery_applies"),
    "forgery_strategy": ("tenantprobe._webhooks", "forgery_strategy"),
    "outbound_session": ("tenantprobe._webhooks", "outbound_session"),
    "scheme_from_config": ("tenantprobe._webhooks", "scheme_from_config"),
    "webhook_settings": ("tenantprobe._webhooks", "webhook_settings"),
}

__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'tenantprobe' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)


if TYPE_CHECKING:  # what type checkers and editors see
    from tenantprobe._canaries import CanarySet, plant_canaries, remove_canaries, remove_canaries_on_exit
    from tenantprobe._checks import CheckContext, passive_check, registered_checks
    from tenantprobe._client import TargetClient, auth_headers
    from tenantprobe._config import Config, ConfigError, Principal, Tenant, load_config
    from tenantprobe._contract import (
        HOSTILE_STRINGS,
        ContractRunner,
        contract_schema,
        contract_settings,
        run_stateful,
        stateful_principals,
    )
    from tenantprobe._diff import render_text as render_diff_text
    from tenantprobe._exchange import Exchange
    from tenantprobe._failures import Finding, ProbeFailure, raise_all
    from tenantprobe._identity import IdentityResult, discover_identities, probe_identity, resolve_pointer
    from tenantprobe._leaks import find_leaks
    from tenantprobe._pairing import Pairing, covering_pairings
    from tenantprobe._permissions import holds, iter_operations, operation_key, required_permission
    from tenantprobe._preflight import (
        PreflightReport,
        ProbeResult,
        error_probes,
        preflight_report,
        run_preflight,
    )
    from tenantprobe._pusher import (
        MALFORMED_SOCKET_IDS,
        EventsSettings,
        PusherConnection,
        PusherError,
        ScenarioError,
        StreamScenario,
        combine_by_subject,
        events_settings,
        forged_subscription_failures,
        fresh_socket_id,
        judge_anonymous,
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
        roles_follow_the_tenant,
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
