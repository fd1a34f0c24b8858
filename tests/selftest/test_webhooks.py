"""The webhooks family against the reference API: each webhook defect caught by its intended check in
every signature dialect it applies to, and zero findings on the clean build in every dialect.

Defects that show under different checks share a run (one run per dialect and group) to keep the file
fast; the three outbound signature defects each get a run, since they all surface as signature_valid.
The inbound callback is Stripe-signed whatever `--signature` says, so its two defects ride along with
the standard-webhooks runs; the other dialects' defect runs select only the outbound tests.
Defect runs name the scheme in tenants.yaml; clean runs of two dialects keep the worked example's
`scheme: auto` (read from the spec), so both ways of configuring it are proven.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.harness import RunOutcome, list_defects, run_tenantprobe

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

DIALECTS = ("standard-webhooks", "stripe", "github", "spatie")
TIMESTAMPED = ("standard-webhooks", "stripe")
INBOUND_DIALECT = "standard-webhooks"
SIGNATURE_HEADER = {
    "standard-webhooks": "webhook-signature",
    "stripe": "Stripe-Signature",
    "github": "X-Hub-Signature-256",
    "spatie": "Signature",
}
GROUPS = ("secret_isolation_forgery", "reserialized_replay", "unsigned")
# A leak seen in a delivery is also the scoping family's finding: expected alongside isolation ones.
LEAK = ("scoping", "tenant_isolation")
Expected = dict[tuple[str, str], str]  # (family, check) -> text its message must contain


def group(dialect: str, name: str) -> tuple[tuple[str, ...], Expected]:
    """The defects of one run and the findings they must cause."""
    inbound = dialect == INBOUND_DIALECT
    defects: list[str] = []
    expected: Expected = {}
    if name == "secret_isolation_forgery":
        defects += ["webhook_wrong_secret", "webhook_cross_team_delivery"]
        expected[("webhooks", "signature_valid")] = "matches the raw body"
        expected[("webhooks", "delivered_to_own_tenant")] = "got an event of"
        if dialect in TIMESTAMPED:
            defects.append("webhook_stale_timestamp")
            expected[("webhooks", "timestamp_fresh")] = "s old"
        if inbound:
            defects.append("inbound_signature_unverified")
            expected[("webhooks", "forgery_rejected")] = "Expected 4xx"
    elif name == "reserialized_replay":
        defects.append("webhook_signature_reserialized")
        expected[("webhooks", "signature_valid")] = "re-serialized JSON"
        if inbound:
            defects.append("inbound_replay_accepted")
            expected[("webhooks", "replay_rejected")] = "replaying event id"
    else:
        defects.append("webhook_unsigned")
        expected[("webhooks", "signature_valid")] = f"no `{SIGNATURE_HEADER[dialect]}` header"
    return tuple(defects), expected


AUTO_CLEAN = ("stripe", "github")


def run(tmp_path: Path, dialect: str, defects: tuple[str, ...] = ()) -> RunOutcome:
    def edit(data: dict[str, Any]) -> None:
        if defects or dialect not in AUTO_CLEAN:
            data["webhooks"]["scheme"] = dialect
        else:
            assert data["webhooks"]["scheme"] == "auto"

    outbound_only = bool(defects) and not any(d.startswith("inbound_") for d in defects)
    return run_tenantprobe(
        tmp_path,
        suites=("webhooks",),
        defects=defects,
        dialect=("--signature", dialect),
        edit=edit,
        examples=1,
        extra=("--", "-k", "test_outbound") if outbound_only else (),
        timeout=300,
    )


def test_every_webhooks_defect_of_the_reference_api_is_covered_here() -> None:
    known = {d["name"] for d in list_defects() if d["family"] == "webhooks"}
    covered = {d for dialect in DIALECTS for name in GROUPS for d in group(dialect, name)[0]}
    assert known == covered


@pytest.mark.parametrize("name", GROUPS)
@pytest.mark.parametrize("dialect", DIALECTS)
def test_webhooks_defects_are_caught_by_their_checks(tmp_path: Path, dialect: str, name: str) -> None:
    defects, expected = group(dialect, name)
    assert_caught_exactly(run(tmp_path, dialect, defects), expected)


def assert_caught_exactly(outcome: RunOutcome, expected: Expected) -> None:
    """Every expected finding, with its text, and nothing else (a leak seen in a delivery aside)."""
    assert outcome.exit_code == 1, outcome.output[-3000:]
    seen = {(f["suite"], f["check"]) for f in outcome.findings}
    assert set(expected) <= seen, (expected, outcome.findings or outcome.output[-3000:])
    assert seen <= set(expected) | {LEAK}, f"unrelated findings: {seen - set(expected) - {LEAK}}"
    for key, text in expected.items():
        messages = [f["message"] for f in outcome.findings if (f["suite"], f["check"]) == key]
        assert any(text in m for m in messages), (key, text, messages)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_clean_build_has_no_webhooks_findings(tmp_path: Path, dialect: str) -> None:
    outcome = run(tmp_path, dialect)
    assert outcome.exit_code == 0, outcome.output[-3000:]
    assert outcome.findings == []
    tests = (outcome.summary or {}).get("tests", {})
    assert tests.get("passed", 0) > 0 and tests.get("failed", 0) == 0


# GitHub's dialect described as a custom scheme: the same verdicts as the built-in one.
CUSTOM_GITHUB = {
    "name": "custom",
    "header": "X-Hub-Signature-256",
    "prefix": "sha256=",
    "id_header": "X-GitHub-Delivery",
}


@pytest.mark.parametrize(
    ("defects", "expected"), [((), set()), (("webhook_wrong_secret",), {"signature_valid"})]
)
def test_custom_scheme_judges_like_the_scheme_it_describes(
    tmp_path: Path, defects: tuple[str, ...], expected: set[str]
) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["webhooks"]["scheme"] = CUSTOM_GITHUB

    outcome = run_tenantprobe(
        tmp_path,
        suites=("webhooks",),
        defects=defects,
        dialect=("--signature", "github"),
        edit=edit,
        examples=1,
        extra=("--", "-k", "test_outbound"),
        timeout=300,
    )
    assert outcome.exit_code == (1 if expected else 0), outcome.output[-3000:]
    assert {f["check"] for f in outcome.findings} == expected
