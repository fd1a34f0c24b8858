"""No credential or secret of the configuration reaches any file under reports/, whatever wrote it.

Every suite runs against the reference API with one defect of each family switched on (so every
family has findings, with their attachments, junit failures and findings/*.json), in the bearer,
api-key and login dialects, each with every suite at 3 examples per operation; the three runs go
side by side. In the login dialect every principal logs in with its email and password for a fresh
token, which is in no file: the run uses two workers, so the tokens the controller learnt must be
known (and filtered) in the workers and in the end-of-run sweep too. Then every file under each
run's reports/ is scanned for every credential of its tenants.yaml and env file, with the forms it
travels in (`Bearer …`, JSON-escaped, URL-encoded, base64, decoded signing keys, basic auth), and
for anything shaped like a Sanctum token, the learnt ones included.

A third, short run loads a deliberately leaking plugin: what it writes during the tests must be
scrubbed, and the file it writes after the harness's last pass must make the scan fail.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from bench.harness import RunOutcome, list_defects, run_tenantprobe
from tests.selftest.leaky_plugin import LATE_FILE
from tests.selftest.secret_scan import secret_leaks, secret_values

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

DIALECTS = ("bearer", "api-key", "login")
# The login run goes through workers: tokens learnt in one process must be filtered in every other.
EXTRA = {"login": ("--workers", "2")}
# principals and admins of the repository's tenants.yaml: one login each
LOGINS = 11
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
        return run_tenantprobe(
            folders[auth], defects=tuple(DEFECTS.values()), auth=auth, examples=3, extra=EXTRA.get(auth, ())
        )

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
    # with workers, each may leave its own left-behind.<worker>.json
    files = {re.sub(r"\.gw\d+\.", ".", path.relative_to(outcome.reports).parts[0])
             for path in outcome.reports.rglob("*")}  # fmt: skip
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


def test_the_login_run_logged_every_principal_in_once(runs: Runs) -> None:
    outcome, config = runs["login"]
    document = yaml.safe_load(config.read_text(encoding="utf-8"))
    tenants = document["tenants"].values()
    entries = [entry for tenant in tenants for entry in (tenant["admin"], *tenant["principals"].values())]
    # principals and admins carry a username and a password only; the rate-limit probe keeps its tokens
    assert len(entries) == LOGINS and all("token" not in e and "_PASSWORD}" in e["password"] for e in entries)
    assert all("token" in entry for entry in document["rate_limits"]["probe"]["principals"].values())
    log = (outcome.reports / "target.log").read_text(encoding="utf-8")
    logins = [json.loads(line) for line in log.splitlines() if '"route": "/api/v1/login"' in line]
    # the controller logs in once per principal; its two workers adopt those tokens
    assert sum(entry["status"] == 200 for entry in logins) == LOGINS, logins[:5]


def test_the_scan_sees_a_token_no_config_names(tmp_path: Path) -> None:
    """A learnt token is in no file the scan reads its secrets from: its shape alone must find it."""
    (tmp_path / "junit.xml").write_text('<property name="t" value="Bearer 4711|' + "Qx7" * 13 + 'Z" />')
    (tmp_path / "clean.json").write_text('{"token": "4711|[Filtered]", "id": "4711|short"}')
    assert secret_leaks(tmp_path, {}) == ["junit.xml holds a Sanctum-shaped token (one the run learnt?)"]


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
