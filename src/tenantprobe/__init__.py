"""tenantprobe: contract and regression testing for multi-tenant SaaS HTTP APIs.

The public surface for suites and extensions; everything else is private.

Names load on first use, so `tenantprobe --help` and a pytest run of the project's own tests do
not pay for the whole harness.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tenantprobe.core import __version__

# public name -> (private module, attribute)
_EXPORTS: dict[str, tuple[str, str]] = {
    "CanarySet": ("tenantprobe.tenancy.canaries", "CanarySet"),
    "plant_canaries": ("tenantprobe.tenancy.canaries", "plant_canaries"),
    "remove_canaries": ("tenantprobe.tenancy.canaries", "remove_canaries"),
    "remove_canaries_on_exit": ("tenantprobe.tenancy.canaries", "remove_canaries_on_exit"),
    "CheckContext": ("tenantprobe.core.checks", "CheckContext"),
    "passive_check": ("tenantprobe.core.checks", "passive_check"),
    "registered_checks": ("tenantprobe.core.checks", "registered_checks"),
    "TargetClient": ("tenantprobe.core.client", "TargetClient"),
    "auth_headers": ("tenantprobe.core.client", "auth_headers"),
    "Config": ("tenantprobe.core.config", "Config"),
    "ConfigError": ("tenantprobe.core.config", "ConfigError"),
    "Principal": ("tenantprobe.core.config", "Principal"),
    "Tenant": ("tenantprobe.core.config", "Tenant"),
    "load_config": ("tenantprobe.core.config", "load_config"),
    "ContractRunner": ("tenantprobe.families.contract.runner", "ContractRunner"),
    "HOSTILE_STRINGS": ("tenantprobe.families.contract.hostile", "HOSTILE_STRINGS"),
    "HEADER_SAFE_STRINGS": ("tenantprobe.families.contract.hostile", "HEADER_SAFE_STRINGS"),
    "hostile_body_fields": ("tenantprobe.families.contract.hostile", "body_string_fields"),
    "hostile_targets": ("tenantprobe.families.contract.hostile", "hostile_targets"),
    "in_every_segment": ("tenantprobe.families.contract.hostile", "in_every_segment"),
    "contract_schema": ("tenantprobe.families.contract.runner", "contract_schema"),
    "contract_settings": ("tenantprobe.families.contract.runner", "contract_settings"),
    "run_stateful": ("tenantprobe.families.contract.runner", "run_stateful"),
    "stateful_principals": ("tenantprobe.families.contract.runner", "stateful_principals"),
    "render_diff_text": ("tenantprobe.openapi.diff", "render_text"),
    "Exchange": ("tenantprobe.core.exchange", "Exchange"),
    "Finding": ("tenantprobe.core.failures", "Finding"),
    "ProbeFailure": ("tenantprobe.core.failures", "ProbeFailure"),
    "raise_all": ("tenantprobe.core.failures", "raise_all"),
    "IdentityResult": ("tenantprobe.tenancy.identity", "IdentityResult"),
    "discover_identities": ("tenantprobe.tenancy.identity", "discover_identities"),
    "probe_identity": ("tenantprobe.tenancy.identity", "probe_identity"),
    "resolve_pointer": ("tenantprobe.tenancy.identity", "resolve_pointer"),
    "find_leaks": ("tenantprobe.tenancy.leaks", "find_leaks"),
    "Pairing": ("tenantprobe.tenancy.pairing", "Pairing"),
    "covering_pairings": ("tenantprobe.tenancy.pairing", "covering_pairings"),
    "holds": ("tenantprobe.openapi.permissions", "holds"),
    "iter_operations": ("tenantprobe.openapi.permissions", "iter_operations"),
    "operation_key": ("tenantprobe.openapi.permissions", "operation_key"),
    "required_permission": ("tenantprobe.openapi.permissions", "required_permission"),
    "PreflightReport": ("tenantprobe.families.preflight.probes", "PreflightReport"),
    "ProbeResult": ("tenantprobe.families.preflight.probes", "ProbeResult"),
    "error_probes": ("tenantprobe.families.preflight.provoke", "error_probes"),
    "preflight_report": ("tenantprobe.families.preflight.probes", "preflight_report"),
    "run_preflight": ("tenantprobe.families.preflight.probes", "run_preflight"),
    "EventsSettings": ("tenantprobe.families.events.settings", "EventsSettings"),
    "MALFORMED_SOCKET_IDS": ("tenantprobe.families.events.channel_auth", "MALFORMED_SOCKET_IDS"),
    "PusherConnection": ("tenantprobe.families.events.connection", "PusherConnection"),
    "PusherError": ("tenantprobe.families.events.connection", "PusherError"),
    "ScenarioError": ("tenantprobe.families.events.stream", "ScenarioError"),
    "StreamScenario": ("tenantprobe.families.events.stream", "StreamScenario"),
    "combine_by_subject": ("tenantprobe.families.events.channel_auth", "combine_by_subject"),
    "events_settings": ("tenantprobe.families.events.settings", "events_settings"),
    "forged_subscription_failures": ("tenantprobe.families.events.forged", "forged_subscription_failures"),
    "fresh_socket_id": ("tenantprobe.families.events.channel_auth", "fresh_socket_id"),
    "judge_anonymous": ("tenantprobe.families.events.channel_auth", "judge_anonymous"),
    "judge_malformed_socket": ("tenantprobe.families.events.channel_auth", "judge_malformed_socket"),
    "judge_own_channel": ("tenantprobe.families.events.channel_auth", "judge_own_channel"),
    "judge_refused": ("tenantprobe.families.events.channel_auth", "judge_refused"),
    "request_channel_auth": ("tenantprobe.families.events.channel_auth", "request_channel_auth"),
    "judge_streams": ("tenantprobe.families.events.stream_judge", "judge_streams"),
    "ThrottleOutcome": ("tenantprobe.families.rate_limits.run", "ThrottleOutcome"),
    "probe_throttling": ("tenantprobe.families.rate_limits.run", "probe_throttling"),
    "throttle_probe_unavailable": ("tenantprobe.families.rate_limits.run", "throttle_probe_unavailable"),
    "PermissionMatrix": ("tenantprobe.families.rbac.matrix", "PermissionMatrix"),
    "matrix_operations": ("tenantprobe.families.rbac.roles", "matrix_operations"),
    "probe_permissions": ("tenantprobe.families.rbac.matrix", "probe_permissions"),
    "escalation_operations": ("tenantprobe.families.rbac.escalation", "escalation_operations"),
    "grant_above_own_refused": ("tenantprobe.families.rbac.escalation", "grant_above_own_refused"),
    "identity_mismatches": ("tenantprobe.families.rbac.escalation", "identity_mismatches"),
    "mass_assignment_operations": ("tenantprobe.families.rbac.escalation", "mass_assignment_operations"),
    "may_call": ("tenantprobe.families.rbac.escalation", "may_call"),
    "role_field_ignored": ("tenantprobe.families.rbac.escalation", "role_field_ignored"),
    "roles_follow_the_tenant": ("tenantprobe.families.rbac.escalation", "roles_follow_the_tenant"),
    "foreign_reference_refused": ("tenantprobe.families.scoping.assign", "foreign_reference_refused"),
    "tenant_field_ignored": ("tenantprobe.families.scoping.assign", "tenant_field_ignored"),
    "list_isolation": ("tenantprobe.families.scoping.lists", "list_isolation"),
    "selector_refused": ("tenantprobe.families.scoping.lists", "selector_refused"),
    "ScopingPlan": ("tenantprobe.families.scoping.plan", "ScopingPlan"),
    "scoping_plan": ("tenantprobe.families.scoping.plan", "scoping_plan"),
    "ProbeKit": ("tenantprobe.tenancy.kit", "ProbeKit"),
    "cross_tenant_access": ("tenantprobe.families.scoping.probes", "cross_tenant_access"),
    "BaselineUnreadable": ("tenantprobe.families.sdk.settings", "BaselineUnreadable"),
    "GeneratedClient": ("tenantprobe.families.sdk.generate", "GeneratedClient"),
    "GenerationFailed": ("tenantprobe.families.sdk.generate", "GenerationFailed"),
    "LINT_RULES": ("tenantprobe.families.sdk.lint", "RULES"),
    "SdkCall": ("tenantprobe.families.sdk.calls", "SdkCall"),
    "baseline_diff": ("tenantprobe.families.sdk.settings", "baseline_diff"),
    "call_through_client": ("tenantprobe.families.sdk.calls", "call_through_client"),
    "choose_subject": ("tenantprobe.families.sdk.calls", "choose_subject"),
    "first_list_length": ("tenantprobe.families.sdk.calls", "first_list_length"),
    "generate_client": ("tenantprobe.families.sdk.generate", "generate_client"),
    "list_operations": ("tenantprobe.families.sdk.calls", "list_operations"),
    "module_name": ("tenantprobe.families.sdk.generate", "module_name"),
    "parsed_value": ("tenantprobe.families.sdk.calls", "parsed_value"),
    "sdk_settings": ("tenantprobe.families.sdk.settings", "sdk_settings"),
    "record_subjects": ("tenantprobe.plugin.session", "record_subjects"),
    "Knowledge": ("tenantprobe.core.state", "Knowledge"),
    "RunState": ("tenantprobe.core.state", "RunState"),
    "acting_as": ("tenantprobe.core.state", "acting_as"),
    "acting_principal": ("tenantprobe.core.state", "acting_principal"),
    "harness_state": ("tenantprobe.core.state", "state"),
    "Delivery": ("tenantprobe.families.webhooks.receiver", "Delivery"),
    "FORGERY_KINDS": ("tenantprobe.families.webhooks.forgeries", "KINDS"),
    "InboundProbe": ("tenantprobe.families.webhooks.inbound", "InboundProbe"),
    "InboundSetupError": ("tenantprobe.families.webhooks.inbound", "InboundSetupError"),
    "InboundTarget": ("tenantprobe.families.webhooks.inbound", "InboundTarget"),
    "OutboundRun": ("tenantprobe.families.webhooks.outbound", "OutboundRun"),
    "Receiver": ("tenantprobe.families.webhooks.receiver", "Receiver"),
    "SCHEMES": ("tenantprobe.families.webhooks.providers", "SCHEMES"),
    "Scheme": ("tenantprobe.families.webhooks.schemes", "Scheme"),
    "Verdict": ("tenantprobe.families.webhooks.schemes", "Verdict"),
    "WebhookJudge": ("tenantprobe.families.webhooks.judge", "Judge"),
    "WebhookPayloadSchemas": ("tenantprobe.families.webhooks.payloads", "PayloadSchemas"),
    "WebhookSettings": ("tenantprobe.families.webhooks.settings", "WebhookSettings"),
    "event_name": ("tenantprobe.families.webhooks.outbound", "event_name"),
    "forgery_applies": ("tenantprobe.families.webhooks.forgeries", "applies"),
    "forgery_strategy": ("tenantprobe.families.webhooks.forgeries", "forgery"),
    "outbound_session": ("tenantprobe.families.webhooks.outbound", "outbound_session"),
    "scheme_from_config": ("tenantprobe.families.webhooks.providers", "scheme_from_config"),
    "webhook_settings": ("tenantprobe.families.webhooks.settings", "load_settings"),
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
    from tenantprobe.core.checks import CheckContext, passive_check, registered_checks
    from tenantprobe.core.client import TargetClient, auth_headers
    from tenantprobe.core.config import Config, ConfigError, Principal, Tenant, load_config
    from tenantprobe.core.exchange import Exchange
    from tenantprobe.core.failures import Finding, ProbeFailure, raise_all
    from tenantprobe.core.state import Knowledge, RunState, acting_as, acting_principal
    from tenantprobe.core.state import state as harness_state
    from tenantprobe.families.contract.hostile import (
        HEADER_SAFE_STRINGS,
        HOSTILE_STRINGS,
        hostile_targets,
        in_every_segment,
    )
    from tenantprobe.families.contract.hostile import body_string_fields as hostile_body_fields
    from tenantprobe.families.contract.runner import (
        ContractRunner,
        contract_schema,
        contract_settings,
        run_stateful,
        stateful_principals,
    )
    from tenantprobe.families.events.channel_auth import (
        MALFORMED_SOCKET_IDS,
        combine_by_subject,
        fresh_socket_id,
        judge_anonymous,
        judge_malformed_socket,
        judge_own_channel,
        judge_refused,
        request_channel_auth,
    )
    from tenantprobe.families.events.connection import PusherConnection, PusherError
    from tenantprobe.families.events.forged import forged_subscription_failures
    from tenantprobe.families.events.settings import EventsSettings, events_settings
    from tenantprobe.families.events.stream import ScenarioError, StreamScenario
    from tenantprobe.families.events.stream_judge import judge_streams
    from tenantprobe.families.preflight.probes import (
        PreflightReport,
        ProbeResult,
        preflight_report,
        run_preflight,
    )
    from tenantprobe.families.preflight.provoke import error_probes
    from tenantprobe.families.rate_limits.run import (
        ThrottleOutcome,
        probe_throttling,
        throttle_probe_unavailable,
    )
    from tenantprobe.families.rbac.escalation import (
        escalation_operations,
        grant_above_own_refused,
        identity_mismatches,
        mass_assignment_operations,
        may_call,
        role_field_ignored,
        roles_follow_the_tenant,
    )
    from tenantprobe.families.rbac.matrix import PermissionMatrix, probe_permissions
    from tenantprobe.families.rbac.roles import matrix_operations
    from tenantprobe.families.scoping.assign import foreign_reference_refused, tenant_field_ignored
    from tenantprobe.families.scoping.lists import list_isolation, selector_refused
    from tenantprobe.families.scoping.plan import ScopingPlan, scoping_plan
    from tenantprobe.families.scoping.probes import cross_tenant_access
    from tenantprobe.families.sdk.calls import (
        SdkCall,
        call_through_client,
        choose_subject,
        first_list_length,
        list_operations,
        parsed_value,
    )
    from tenantprobe.families.sdk.generate import (
        GeneratedClient,
        GenerationFailed,
        generate_client,
        module_name,
    )
    from tenantprobe.families.sdk.lint import RULES as LINT_RULES
    from tenantprobe.families.sdk.settings import BaselineUnreadable, baseline_diff, sdk_settings
    from tenantprobe.families.webhooks.forgeries import KINDS as FORGERY_KINDS
    from tenantprobe.families.webhooks.forgeries import applies as forgery_applies
    from tenantprobe.families.webhooks.forgeries import forgery as forgery_strategy
    from tenantprobe.families.webhooks.inbound import InboundProbe, InboundSetupError, InboundTarget
    from tenantprobe.families.webhooks.judge import Judge as WebhookJudge
    from tenantprobe.families.webhooks.outbound import OutboundRun, event_name, outbound_session
    from tenantprobe.families.webhooks.payloads import PayloadSchemas as WebhookPayloadSchemas
    from tenantprobe.families.webhooks.providers import SCHEMES, scheme_from_config
    from tenantprobe.families.webhooks.receiver import Delivery, Receiver
    from tenantprobe.families.webhooks.schemes import Scheme, Verdict
    from tenantprobe.families.webhooks.settings import WebhookSettings
    from tenantprobe.families.webhooks.settings import load_settings as webhook_settings
    from tenantprobe.openapi.diff import render_text as render_diff_text
    from tenantprobe.openapi.permissions import holds, iter_operations, operation_key, required_permission
    from tenantprobe.plugin.session import record_subjects
    from tenantprobe.tenancy.canaries import (
        CanarySet,
        plant_canaries,
        remove_canaries,
        remove_canaries_on_exit,
    )
    from tenantprobe.tenancy.identity import (
        IdentityResult,
        discover_identities,
        probe_identity,
        resolve_pointer,
    )
    from tenantprobe.tenancy.kit import ProbeKit
    from tenantprobe.tenancy.leaks import find_leaks
    from tenantprobe.tenancy.pairing import Pairing, covering_pairings
