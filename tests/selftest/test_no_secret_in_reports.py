"""No credential or secret of the configuration reaches any file under reports/, whatever wrote it.

Every suite runs against the reference API with one defect of each family switched on (so every
family has findings, with their attachments, junit failures and findings/*.json), in the bearer
and the api-key dialects, both with every suite at 3 examples per operation; the two runs go side
by side (about 40 s together). The reference API has no login operation, so the login carrier is
covered by tests/unit/test_login.py (the token it obtains is filtered). Then every file under each
run's reports/ is scanned for every credential of its tenants.yaml and env file, with the forms it
travels in (`Bearer …`, JSON-escaped, base64, decoded signing keys, basic auth).

A third, short run loads a deliberately leaking plugin: what it writes during the tests must be
scrubbed, and the file it writes after the harness's last pass must make the scan fail.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.harness import RunOutcome, list_defects, run_tenantprobe
from tests.selftest.leaky_plugin import LATE_FILE
from tests.selftest.secret_scan import secret_leaks, secret_values

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

DIALECTS = ("bearer", "api-key")
# One defect per family; none of them stops the run before the suites (a fatal preflight would).
DEFECTS = {
    "contract": "customer_delete_returns_200",
    "scoping": "cross_tenant_read_by_id",
    "rbac": "invoice_void_permission_missing",
    "webhooks": "webhook_unsigned",
    "events": "broadcast_auth_any_team",
    "rate_limits": "ratelimit_429_without_retry_after",
    "preflight": "request_id_missing_on_errors",
}

# dialect -> the run's outcome and its tenants.yaml
Runs = dict[str, tuple[RunOutcome, Path]]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    folders = {auth: tmp_path_factory.mktemp(f"secrets-{auth}") for auth in DIALECTS}

    def run(auth: str) -> RunOutcome:
        return run_tenantprobe(folders[auth], defects=tuple(DEFECTS.values()), auth=auth, examples=3)

    with ThreadPoolExecutor(max_workers=len(DIALECTS)) as pool:
        outcomes = dict(zip(DIALECTS, pool.map(run, DIALECTS), strict=True))
    return {auth: (outcomes[auth], folders[auth] / "tenants.yaml") for auth in DIALECTS}


def test_one_defect_of_every_family_is_switched_on() -> None:
    catalogue = {defect["name"]: defect["family"] for defect in list_defects()}
    assert {catalogue[name] for name in DEFECTS.values()} == set(catalogue.values())
    assert all(catalogue[name] == family for family, name in DEFECTS.items())


@pytest.mark.parametrize("auth", DIALECTS)
def test_every_suite_ran_and_every_family_has_findings(runs: Runs, auth: str) -> None:
    outcome, _ = runs[auth]
    assert outcome.exit_code == 1, outcome.output[-3000:]
    assert outcome.families() >= set(DEFECTS), outcome.output[-3000:]
    assert outcome.summary is not None and outcome.summary["tests"]["passed"] > 100
    files = {path.relative_to(outcome.reports).parts[0] for path in outcome.reports.rglob("*")}
    assert {"allure-results", "findings", "junit.xml", "summary.json", "summary.html", "rbac-matrix.json",
            "target.log"} <= files  # fmt: skip


@pytest.mark.parametrize("auth", DIALECTS)
def test_no_file_under_reports_holds_a_credential(runs: Runs, auth: str) -> None:
    outcome, config = runs[auth]
    secrets = secret_values(config)
    assert len(secrets) > 40  # every token, payment and broadcast secret, each in several forms
    files = [path for path in outcome.reports.rglob("*") if path.is_file()]
    assert len(files) > 200
    assert secret_leaks(outcome.reports, secrets) == []
    # The credentials were there to filter: findings carry requests sent with them.
    assert any(b"[Filtered]" in path.read_bytes() for path in (outcome.reports / "findings").iterdir())


@pytest.mark.parametrize("auth", DIALECTS)
def test_names_and_slugs_appear_as_they_are(runs: Runs, auth: str) -> None:
    outcome, _ = runs[auth]
    summary_text = (outcome.reports / "summary.json").read_text(encoding="utf-8")
    assert "acme/viewer" in summary_text and "globex/manager" in summary_text
    for path in outcome.reports.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"@[Filtered]" not in data and b"[Filtered].test" not in data, path
    # Allure shows a principal by its name: parameters by id, or a principal's repr.
    parameters = [
        parameter["value"]
        for path in (outcome.reports / "allure-results").glob("*-result.json")
        for parameter in json.loads(path.read_text(encoding="utf-8")).get("parameters", [])
    ]
    assert "'acme/viewer'" in parameters
    assert any("Principal('globex/" in value for value in parameters)


def test_a_leaking_writer_is_scrubbed_during_the_run_and_seen_after_it(tmp_path: Path) -> None:
    outcome = run_tenantprobe(
        tmp_path, suites=("preflight",), examples=1, extra=("--", "-p", "tests.selftest.leaky_plugin")
    )
    assert outcome.exit_code == 0, outcome.output[-3000:]
    leaks = secret_leaks(outcome.reports, secret_values(tmp_path / "tenants.yaml"))
    assert leaks and {leak.split(" holds ")[0] for leak in leaks} == {str(LATE_FILE)}
    assert "ACME_VIEWER_TOKEN" in leaks[0]
    # What it leaked while the tests ran was written, and filtered.
    assert '"leaked_credential" value="[Filtered]"' in (outcome.reports / "junit.xml").read_text()
    attachments = [
        path.read_text(encoding="utf-8")
        for path in (outcome.reports / "allure-results").glob("*-attachment*")
        if "Credentials(token=" in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert attachments and all("Credentials(token='[Filtered]')" in text for text in attachments)
