"""What the sdk suite calls: this family's part of the public surface ``tenantprobe``.

The facade reads these imports (without running them) into its table of public names, so a family
adds its names here, in its own package, and the facade lists none of them.
"""

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
