"""SDK readiness: lint the spec for generators, generate a client, call the target through it."""

from tenantprobe.families.sdk.calls import (
    SdkCall,
    call_through_client,
    choose_subject,
    first_list_length,
    list_operations,
    parsed_value,
)
from tenantprobe.families.sdk.generate import GeneratedClient, GenerationFailed, generate_client, module_name
from tenantprobe.families.sdk.lint import RULES as LINT_RULES
from tenantprobe.families.sdk.lint import LintProblem, lint_spec
from tenantprobe.families.sdk.settings import BaselineUnreadable, SdkSettings, baseline_diff, sdk_settings

__all__ = [
    "BaselineUnreadable",
    "LINT_RULES",
    "GeneratedClient",
    "GenerationFailed",
    "LintProblem",
    "SdkCall",
    "SdkSettings",
    "baseline_diff",
    "call_through_client",
    "choose_subject",
    "first_list_length",
    "generate_client",
    "lint_spec",
    "list_operations",
    "module_name",
    "parsed_value",
    "sdk_settings",
]
