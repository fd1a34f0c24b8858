"""``tenantprobe doctor`` against a loopback target: the table, and exit 0, 2 or 3."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tenantprobe.cli.main import main
from tests.unit.loopback import JsonHandler, serve

SPEC = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}
TOKENS = {"admin-secret-1": ["owner"], "clerk-secret-2": ["clerk"]}


class _Target(JsonHandler):
    def answer(self) -> tuple[int, Any]:
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        if self.path == "/openapi.json":
            return 200, SPEC
        if token in TOKENS:
            return 200, {"org": "red", "roles": TOKENS[token]}
        return 401, {"message": "Unauthenticated."}


@pytest.fixture(scope="module")
def target_url() -> Iterator[str]:
    with serve(_Target) as url:
        yield url


def _config(tmp_path: Path, clerk_token: str) -> str:
    text = f"""
version: 1
target: {{base_url: "http://127.0.0.1:9", spec: /openapi.json, timeout_s: 5}}
identity: {{path: /me, tenant_id: /org, tenant_key: /org, roles: /roles}}
auth: {{carrier: bearer}}
tenants:
  red:
    admin: {{token: admin-secret-1}}
    principals:
      clerk: {{role: clerk, token: "{clerk_token}"}}
"""
    path = tmp_path / "tenants.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_doctor_prints_the_table_and_exits_0_for_a_usable_target(
    tmp_path: Path, target_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["doctor", "--config", _config(tmp_path, "clerk-secret-2"), "--target-url", target_url])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "red/clerk" in out and "authenticates" in out and "no problems" in out


def test_doctor_exits_3_when_a_credential_is_rejected_and_never_prints_it(
    tmp_path: Path, target_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["doctor", "--config", _config(tmp_path, "stale-secret-3"), "--target-url", target_url])
    out = capsys.readouterr().out
    assert code == 3
    assert "[fatal] red/clerk · authenticates" in out and "stale-secret-3" not in out


def test_doctor_exits_3_when_the_target_is_down(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--config", _config(tmp_path, "clerk-secret-2")]) == 3
    assert "target.base_url" in capsys.readouterr().err


def test_doctor_exits_2_for_a_configuration_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--config", str(tmp_path / "absent.yaml")]) == 2
    assert "absent.yaml" in capsys.readouterr().err
