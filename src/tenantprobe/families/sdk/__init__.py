"""SDK readiness: lint the spec for generators, generate a client, call the target through it."""

from tenantprobe.core.family import Family
from tenantprobe.core.report_files import ReportFile

# The checks this family can fail; modules raise them by these names, never by a literal.
CLIENT_GENERATES = "client_generates"
CLIENT_WORKS = "client_works"
NO_BREAKING_CHANGES = "no_breaking_changes"
OPERATION_ID_PRESENT = "operation_id_present"
OPERATION_ID_UNIQUE = "operation_id_unique"
OPERATION_TAGGED = "operation_tagged"
RESPONSE_SCHEMA_DECLARED = "response_schema_declared"
SECURITY_DECLARED = "security_declared"
REFS_RESOLVABLE = "refs_resolvable"

# Every change from sdk.baseline_spec, breaking or additive, as a person reads it.
BASELINE_DIFF = ReportFile("sdk-diff.txt")

FAMILY = Family(
    "sdk", "SDK", "sdk",
    order=80,
    config_block="sdk",
    checks=(
        CLIENT_GENERATES, CLIENT_WORKS, NO_BREAKING_CHANGES, OPERATION_ID_PRESENT, OPERATION_ID_UNIQUE,
        OPERATION_TAGGED, RESPONSE_SCHEMA_DECLARED, SECURITY_DECLARED, REFS_RESOLVABLE,
    ),
    reports=(BASELINE_DIFF,),
)
