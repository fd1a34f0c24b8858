"""tenants.<t>.id: the tenant selector is sent from the first request, and checked against /me."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tenantprobe import RunState, load_config, run_preflight
from tenantprobe.core.client import auth_headers
from tenantprobe.core.config import ConfigError
from tenantprobe.openapi.survey import survey
from tenantprobe.openapi.survey_hooks import survey_hooks
from tenantprobe.reporting.draft.answers import PrincipalAnswer, TenantAnswer
from tenantprobe.reporting.draft.lines import ASK, Lines
from tenantprobe.reporting.draft.observe import Observation
from tenantprobe.reporting.draft.render import DraftInputs
from tenantprobe.reporting.draft.render_hooks import render_tenants
from tests.unit.loopback import JsonHandler, serve

SPEC = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
TEAMS = {"red-admin": 1, "red-clerk": 1, "blue-admin": 2, "blue-clerk": 2}


class _NeedsTeamHeader(JsonHandler):
    """An API whose every request, the identity one included, must name its team in `X-Team-Id`."""

    def answer(self) -> tuple[int, Any]:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        team = self.headers.get("X-Team-Id")
        if token not in TEAMS:
            return 401, {"message": "Unauthenticated."}
        if team is None:
            return 422, {"message": "The X-Team-Id header is required.", "errors": {}}
        if team == "99":
            return 403, {"message": "You are not a member of the requested team."}
        return 200, {"data": {"team": {"id": TEAMS[token]}, "roles": ["clerk"]}}


@pytest.fixture(scope="module")
def target_url() -> Iterator[str]:
    with serve(_NeedsTeamHeader) as url:
        yield url


def _config_text(url: str, red_id: str, blue_id: str, red_principal: str = "clerk") -> str:
    return f"""
version: 1
target: {{base_url: "{url}", spec: spec.json, timeout_s: 5}}
identity: {{path: /me, tenant_id: /data/team/id, roles: /data/roles}}
auth: {{carrier: bearer}}
tenancy: {{selector: {{in: header, name: X-Team-Id}}}}
tenants:
  red:
    {red_id}
    admin: {{token: red-admin}}
    principals:
      {red_principal}: {{role: clerk, token: red-clerk}}
  blue:
    {blue_id}
    admin: {{token: blue-admin}}
    principals:
      clerk: {{role: clerk, token: blue-clerk}}
"""


def _state(tmp_path: Path, url: str, red_id: str = "id: 1", blue_id: str = "id: '2'") -> RunState:
    (tmp_path / "tenants.yaml").write_text(_config_text(url, red_id, blue_id), encoding="utf-8")
    loaded = load_config(tmp_path / "tenants.yaml", env={})
    return RunState(config=loaded, base_url=url, spec=SPEC, spec_sha256="")


def test_given_ids_are_sent_from_the_identity_probe_on(tmp_path: Path, target_url: str) -> None:
    state = _state(tmp_path, target_url)
    assert state.knowledge.tenant_ids == {"red": "1", "blue": "2"}  # before anything was sent
    report = run_preflight(state)
    assert report.problems == []
    assert state.knowledge.tenant_ids == {"red": "1", "blue": "2"}


def test_a_given_id_the_identity_probe_contradicts_is_fatal(tmp_path: Path, target_url: str) -> None:
    report = run_preflight(_state(tmp_path, target_url, red_id="id: 7"))
    assert {(p.subject, p.probe) for p in report.fatal} >= {("red/clerk", "tenant")}
    message = next(p.message for p in report.fatal if p.subject == "red/clerk")
    assert "Expected tenant id `7` (tenants.red.id)" in message and "got `1`" in message


def test_an_id_the_credential_is_not_a_member_of_says_to_check_the_id(
    tmp_path: Path, target_url: str
) -> None:
    report = run_preflight(_state(tmp_path, target_url, red_id="id: 99"))
    fatal = next(p for p in report.fatal if p.subject == "red/clerk")
    assert "403" in fatal.message and "not a member of the requested team" in fatal.message
    assert "(`99`, from tenants.red.id)" in fatal.message and "rejected or missing" not in fatal.message


def test_without_the_id_a_422_says_what_the_api_said_and_what_to_give(
    tmp_path: Path, target_url: str
) -> None:
    report = run_preflight(_state(tmp_path, target_url, red_id="", blue_id=""))
    fatal = next(p for p in report.fatal if p.subject == "red/clerk")
    assert "422" in fatal.message and "The X-Team-Id header is required." in fatal.message
    assert "tenants.red.id" in fatal.message and "rejected or missing" not in fatal.message


def test_a_pinned_selector_header_wins_over_the_given_id(tmp_path: Path, target_url: str) -> None:
    state = _state(tmp_path, target_url)
    red = state.config.tenants["red"]
    assert auth_headers(state.config, red.principals[0])["X-Team-Id"] == "1"
    text = _config_text(target_url, "id: 1", "id: 2").replace(
        "{role: clerk, token: red-clerk}", "{role: clerk, token: red-clerk, headers: {x-team-id: '9'}}"
    )
    (tmp_path / "tenants.yaml").write_text(text, encoding="utf-8")
    pinned = load_config(tmp_path / "tenants.yaml", env={})
    sent = auth_headers(pinned, pinned.tenants["red"].principals[0])
    assert sent == {"x-team-id": "9", "Authorization": "Bearer red-clerk"}


def test_a_principal_named_admin_is_a_config_error_naming_the_fix(tmp_path: Path) -> None:
    text = _config_text("http://127.0.0.1:9", "id: 1", "id: 2", red_principal="admin")
    (tmp_path / "tenants.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path / "tenants.yaml", env={})
    text = str(raised.value)
    assert "tenants.red.principals.admin" in text and "rename the principal" in text
    assert "tenants.yaml:" in text  # with its line


def test_an_id_of_the_wrong_type_is_a_config_error(tmp_path: Path) -> None:
    text = _config_text("http://127.0.0.1:9", "id: [1]", "id: 2")
    (tmp_path / "tenants.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tenants\.red\.id"):
        load_config(tmp_path / "tenants.yaml", env={})


def _draft(observed_status: int) -> str:
    spec: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
        "paths": {
            "/me": {
                "get": {
                    "parameters": [{"in": "header", "name": "X-Team-Id", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "the caller"}},
                }
            }
        },
    }
    answer = TenantAnswer("red", admin_var="RED_ADMIN_TOKEN", principals=[PrincipalAnswer("clerk", "c", "V")])
    draft = DraftInputs(
        base_url="http://127.0.0.1:9",
        spec_location="/openapi.json",
        spec=spec,
        survey=survey(spec),
        hooks=survey_hooks(spec),
        tenants={"red": answer},
        env_file="env.txt",
        observations=[Observation("red/admin", "red", None, status=observed_status, problem="refused")],
    )
    out = Lines()
    render_tenants(draft, out)
    return out.text()


def test_init_asks_for_the_tenant_id_when_the_identity_probe_needs_the_selector() -> None:
    asked = _draft(422)
    assert f"# id: 1  # {ASK}" in asked and "answered 422 without header `X-Team-Id`" in asked
    assert "# id:" not in _draft(401)  # a refused credential is another matter
