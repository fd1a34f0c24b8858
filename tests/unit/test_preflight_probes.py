"""The preflight probes against a small real HTTP server on loopback that plays a target."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tenantprobe import RunState, load_config, run_preflight
from tenantprobe.families.preflight.table import render_fatal, render_table
from tests.unit.loopback import JsonHandler, serve

SPEC = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
# token -> what the identity probe answers for it
IDENTITIES = {
    "red-admin": {"org": {"slug": "red", "currency": "USD"}, "roles": ["owner"]},
    "red-clerk": {"org": {"slug": "red", "currency": "USD"}, "roles": ["clerk"]},
    "red-wrong-role": {"org": {"slug": "red", "currency": "USD"}, "roles": ["auditor"]},
    "blue-admin": {"org": {"slug": "blue", "currency": "CHF"}, "roles": ["owner"]},
    "blue-clerk": {"org": {"slug": "blue", "currency": "CHF"}, "roles": ["clerk"]},
}


class _Target(JsonHandler):
    def answer(self) -> tuple[int, Any]:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        body = IDENTITIES.get(token)
        return (200, body) if body else (401, {"message": "Unauthenticated."})


@pytest.fixture(scope="module")
def target_url() -> Iterator[str]:
    with serve(_Target) as url:
        yield url


def _state(tmp_path: Path, url: str, *, red_clerk: str = "red-clerk", blue_currency: str = "CHF") -> RunState:
    config = f"""
version: 1
target: {{base_url: "{url}", spec: spec.json, timeout_s: 5}}
identity: {{path: /me, tenant_id: /org/slug, tenant_key: /org/slug, roles: /roles}}
auth: {{carrier: bearer}}
tenants:
  red:
    baseline: {{/org/currency: USD}}
    admin: {{token: red-admin}}
    principals:
      clerk: {{role: clerk, token: {red_clerk}}}
  blue:
    baseline: {{/org/currency: {blue_currency}}}
    admin: {{token: blue-admin}}
    principals:
      clerk: {{role: clerk, token: blue-clerk}}
"""
    (tmp_path / "tenants.yaml").write_text(config, encoding="utf-8")
    loaded = load_config(tmp_path / "tenants.yaml", env={})
    return RunState(config=loaded, base_url=url, spec=SPEC, spec_sha256="")


def test_a_target_set_up_as_configured_has_no_problem(tmp_path: Path, target_url: str) -> None:
    report = run_preflight(_state(tmp_path, target_url))
    assert report.problems == []
    table = render_table(report)
    assert "red/clerk" in table and "no problems" in table


def test_a_rejected_credential_is_fatal_and_says_where_to_fix_it(tmp_path: Path, target_url: str) -> None:
    report = run_preflight(_state(tmp_path, target_url, red_clerk="expired"))
    [fatal] = report.fatal
    assert (fatal.subject, fatal.probe) == ("red/clerk", "authenticates")
    assert "401 Unauthorized" in fatal.message and "tenants.red.principals.clerk" in fatal.message
    assert "FAIL" in render_fatal(report) and "tenantprobe doctor" in render_fatal(report)


def test_a_credential_of_another_tenant_is_fatal(tmp_path: Path, target_url: str) -> None:
    report = run_preflight(_state(tmp_path, target_url, red_clerk="blue-clerk"))
    [fatal] = report.fatal
    assert (fatal.subject, fatal.probe) == ("red/clerk", "tenant")
    assert "Expected tenant key at `/org/slug` `red`" in fatal.message and "got `blue`" in fatal.message


def test_a_missing_role_and_a_wrong_baseline_are_findings_not_fatal(tmp_path: Path, target_url: str) -> None:
    report = run_preflight(_state(tmp_path, target_url, red_clerk="red-wrong-role", blue_currency="EUR"))
    assert report.fatal == []
    problems = {(p.subject, p.probe): p.message for p in report.problems}
    assert set(problems) == {("red/clerk", "roles"), ("blue", "baseline")}
    assert "Expected role `clerk`" in problems[("red/clerk", "roles")]
    baseline = problems[("blue", "baseline")]
    assert "`/org/currency` = `EUR`" in baseline and "`CHF`" in baseline


def test_an_unreachable_target_is_fatal(tmp_path: Path) -> None:
    report = run_preflight(_state(tmp_path, "http://127.0.0.1:9"))
    [fatal] = report.fatal
    assert (fatal.subject, fatal.probe) == ("target", "reachable")
    assert "target.base_url" in fatal.message


def test_an_invalid_spec_is_reported_with_where(tmp_path: Path, target_url: str) -> None:
    state = _state(tmp_path, target_url)
    state.spec = {"openapi": "3.1.0", "info": {"title": "t"}, "paths": {}}  # no info.version
    [problem] = [p for p in run_preflight(state).problems if p.probe == "spec_valid"]
    assert "`/info`" in problem.message and "version" in problem.message and not problem.fatal
