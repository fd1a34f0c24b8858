"""What the contract suite calls: this family's part of the public surface ``tenantprobe``.

The facade reads these imports (without running them) into its table of public names, so a family
adds its names here, in its own package, and the facade lists none of them.
"""

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
