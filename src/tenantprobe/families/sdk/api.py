"""The sdk family's names in the public surface ``tenantprobe`` (the facade reads these imports)."""

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
from tenantprobe.families.sdk.generate import GeneratedClient, GenerationFailed, generate_client, module_name
from tenantprobe.families.sdk.lint import RULES as LINT_RULES
from tenantprobe.families.sdk.settings import sdk_settings
