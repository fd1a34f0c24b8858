"""SDK readiness: lint the spec for generators, generate a client, call the target through it."""

from tenantprobe._sdk._calls import (
    SdkCall,
    call_through_client,
    choose_subject,
    first_list_length,
    list_operations,
    parsed_value,
)
from tenantprobe._sdk._generate import GeneratedClient, GenerationFailed, generate_client, module_name
from tenantprobe._sdk._lint import RULES as LINT_RULES
from tenantprobe._sdk._lint import LintProblem, lint_spec
from tenantprobe._sdk._settings import BaselineUnreadable, SdkSettings, baseline_diff, sdk_settings

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
