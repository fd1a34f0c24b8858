"""tenantprobe: contract and regression testing for multi-tenant SaaS HTTP APIs.

The public surface for suites and extensions; everything else is private.

The one list of public names is the block of imports under ``TYPE_CHECKING`` below: type checkers
and editors read it as it stands, and at run time it is read (not executed) into a table of where
each name lives, so a name loads on first use and `tenantprobe --help` or a pytest run of the
project's own tests does not pay for the whole harness.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenantprobe.core import __version__


def _public_names() -> dict[str, tuple[str, str]]:
    """public name -> (private module, attribute), read from the ``if TYPE_CHECKING:`` imports."""
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    block = next(
        node for node in tree.body if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    return {
        alias.asname or alias.name: (statement.module, alias.name)
        for statement in block.body
        if isinstance(statement, ast.ImportFrom) and statement.module
        for alias in statement.names
    }


_EXPORTS = _public_names()
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


if TYPE_CHECKING:  # the public surface: what suites and extensions import from `tenantprobe`
    from tenantprobe.core.checks import CheckContext, passive_check
    from tenantprobe.core.client import TargetClient
    from tenantprobe.core.config import Config, ConfigError, Principal, Tenant, load_config
    from tenantprobe.core.exchange import Exchange
    from tenantprobe.core.failures import Finding, ProbeFailure, raise_all
    from tenantprobe.core.state import Knowledge, RunState
    from tenantprobe.core.state import state as harness_state
    from tenantprobe.core.verdict import Unproven, conclude, declare_unproven
    from tenantprobe.core.verdict import Verdict as CheckVerdict
    from tenantprobe.families.contract.hostile import HOSTILE_STRINGS, hostile_targets, in_every_segment
    from tenantprobe.families.contract.hostile import body_string_fields as hostile_body_fields
    from tenantprobe.families.contract.runner import (
        ContractRunner,
        contract_schema,
        contract_settings,
        run_stateful,
        stateful_principals,
    )
    from tenantprobe.families.contract.workers import GENERATED_WRITES
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
    from tenantprobe.families.events.connection import PusherError
    from tenantprobe.families.events.forged import forged_subscription_failures
    from tenantprobe.families.events.settings import EventsSettings, events_settings
    from tenantprobe.families.events.sse_feed import stream_operation
    from tenantprobe.families.events.sse_feed import subscribe as subscribe_streams
    from tenantprobe.families.events.sse_probes import (
        StreamUnproven,
        anonymous_stream_failures,
        foreign_stream_failures,
        replay_failures,
    )
    from tenantprobe.families.events.stream import ScenarioError, StreamScenario, triggers_blocked
    from tenantprobe.families.events.stream_judge import judge_streams
    from tenantprobe.families.preflight.probes import preflight_report, run_preflight
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
    from tenantprobe.families.rbac.matrix import probe_permissions
    from tenantprobe.families.rbac.roles import matrix_operations
    from tenantprobe.families.scoping.assign import foreign_reference_refused, tenant_field_ignored
    from tenantprobe.families.scoping.foreign_path import foreign_path_refused
    from tenantprobe.families.scoping.lists import list_isolation, selector_refused
    from tenantprobe.families.scoping.plan import scoping_plan
    from tenantprobe.families.scoping.probes import cross_tenant_access
    from tenantprobe.families.sdk.baseline import BaselineUnreadable, breaking_changes
    from tenantprobe.families.sdk.calls import (
        SdkCall,
        call_through_client,
        choose_subject,
        first_list_length,
        list_operations,
        own_tenant_arguments,
        parsed_value,
        tenant_path_parameter,
    )
    from tenantprobe.families.sdk.generate import (
        GeneratedClient,
        GenerationFailed,
        generate_client,
        module_name,
    )
    from tenantprobe.families.sdk.lint import RULES as LINT_RULES
    from tenantprobe.families.sdk.settings import sdk_settings
    from tenantprobe.families.webhooks.forgeries import forgery as forgery_strategy
    from tenantprobe.families.webhooks.inbound import InboundProbe, InboundSetupError, InboundTarget
    from tenantprobe.families.webhooks.inbound_judge import (
        forgery_verdict,
        genuine_failures,
        genuine_refusal,
        inbound_cases,
        replay_verdict,
    )
    from tenantprobe.families.webhooks.judge import Judge as WebhookJudge
    from tenantprobe.families.webhooks.outbound import OutboundRun, outbound_session
    from tenantprobe.families.webhooks.payloads import PayloadSchemas as WebhookPayloadSchemas
    from tenantprobe.families.webhooks.receiver import Receiver
    from tenantprobe.families.webhooks.settings import WebhookSettings
    from tenantprobe.families.webhooks.settings import load_settings as webhook_settings
    from tenantprobe.openapi.operations import iter_operations
    from tenantprobe.openapi.permissions import holds, required_permission
    from tenantprobe.plugin.session import record_subjects
    from tenantprobe.tenancy.canaries import CanarySet, plant_canaries
    from tenantprobe.tenancy.identity import IdentityResult, discover_identities
    from tenantprobe.tenancy.kit import ProbeKit
    from tenantprobe.tenancy.leaks import find_leaks
    from tenantprobe.tenancy.pairing import Pairing
