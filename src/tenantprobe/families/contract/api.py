"""The contract family's names in the public surface ``tenantprobe`` (the facade reads these imports)."""

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
from tenantprobe.tenancy.cleanup import undeletable_creations, undeletable_reason
