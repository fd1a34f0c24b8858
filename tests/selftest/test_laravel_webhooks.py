"""The webhooks family in the reference API's Laravel dialect, configured by examples/laravel/tenants.yaml.

There the inbound payments callback names its team in `X-Team-Id` (`webhooks.inbound.headers`) and
outbound secrets are known out of band (`webhooks.secrets`, no secret in the registration answer,
the endpoint's id inside `{"data": ...}`). The clean build must accept the genuine callback (so the
forgery verdicts stand on an accepted genuine request) and give no webhooks, events or inbound
finding; each webhooks defect must be caught by its intended check, as in the default dialect.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bench.harness import ROOT, RunOutcome, run_tenantprobe
from tests.selftest.test_webhooks import GROUPS, assert_caught_exactly, group

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

LARAVEL = ROOT / "examples" / "laravel" / "tenants.yaml"
SIGNATURE = "standard-webhooks"  # the laravel style's outbound scheme (`scheme: auto` reads it)


def run(tmp_path: Path, suites: tuple[str, ...], defects: tuple[str, ...] = ()) -> RunOutcome:
    return run_tenantprobe(
        tmp_path, suites=suites, defects=defects, examples=1, timeout=420, base=LARAVEL, edit=_env_file
    )


def _env_file(data: dict[str, object]) -> None:
    target = data["target"]
    assert isinstance(target, dict)
    target["env_file"] = str(ROOT / "src" / "reference_api" / "demo.env")


def _outcomes(reports: Path, name: str) -> list[str]:
    """What became of each test whose name starts with ``name``: passed, failure, skipped or error."""
    found = []
    for case in ET.parse(reports / "junit.xml").iter("testcase"):
        if case.get("name", "").startswith(name):
            verdicts = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
            found.append(verdicts[0] if verdicts else "passed")
    return found


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> RunOutcome:
    return run(tmp_path_factory.mktemp("laravel-clean"), ("webhooks", "events"))


def test_the_genuine_inbound_callback_is_accepted_in_the_laravel_dialect(clean: RunOutcome) -> None:
    assert _outcomes(clean.reports, "test_genuine_callback_is_accepted") == ["passed"], clean.output[-3000:]
    assert _outcomes(clean.reports, "test_replayed_callback_is_rejected") == ["passed"]
    forgeries = _outcomes(clean.reports, "test_forged_callback_is_rejected")
    assert forgeries and set(forgeries) == {"passed"}


def test_the_laravel_clean_build_has_no_webhooks_events_or_inbound_findings(clean: RunOutcome) -> None:
    assert clean.exit_code == 0, clean.output[-3000:]
    assert clean.findings == []
    outbound = _outcomes(clean.reports, "test_")
    assert "failure" not in outbound and "error" not in outbound


@pytest.mark.parametrize("name", GROUPS)
def test_laravel_webhooks_defects_are_caught_as_in_the_default_dialect(tmp_path: Path, name: str) -> None:
    defects, expected = group(SIGNATURE, name)
    assert_caught_exactly(run(tmp_path, ("webhooks",), defects), expected)
