"""The command line's contract: exit codes and one clear message, never a traceback."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BROKEN = """\
version: 1
target:
  base_url: http://127.0.0.1:9
  spec: /openapi.json
  timeout_s: fast
auth:
  carrier: bearer
tenants:
  red:
    admin: {token: "${TP_TEST_UNSET_ADMIN_TOKEN}"}
    principals:
      viewer: {role: viewer, tokne: abc}
"""


def tenantprobe(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tenantprobe", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_config_with_typo_wrong_type_and_unset_variable_exits_2_with_three_messages(tmp_path: Path) -> None:
    config = tmp_path / "tenants.yaml"
    config.write_text(BROKEN)
    result = tenantprobe("run", "--config", str(config))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "3 problems" in result.stderr
    messages = result.stderr
    assert "tenants.yaml:5: `target.timeout_s` must be of type number, got str 'fast'" in messages
    assert "tenants.yaml:12: `tenants.red.principals.viewer.tokne` is not a known key" in messages
    assert "did you mean `token`?" in messages
    assert "tenants.yaml:10: `tenants.red.admin.token` references ${TP_TEST_UNSET_ADMIN_TOKEN}" in messages


def test_unreachable_target_exits_3_naming_the_url_and_what_to_check(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    result = tenantprobe("run", "--target-url", url, "--suite", "contract", "--reports", str(tmp_path))
    assert result.returncode == 3, result.stdout + result.stderr
    output = result.stdout + result.stderr
    assert f"cannot reach {url}/api/v1/openapi.json" in output
    assert "Check target.base_url (or --target-url)" in output
    assert "Traceback" not in output


def test_unknown_suite_is_a_usage_error() -> None:
    result = tenantprobe("run", "--suite", "nonsense")
    assert result.returncode == 2
    assert "invalid choice: 'nonsense'" in result.stderr


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    result = tenantprobe("run", "--config", str(tmp_path / "absent.yaml"))
    assert result.returncode == 2
    assert "absent.yaml: `(top level)` does not exist" in result.stderr


@pytest.mark.parametrize(("args", "code"), [([], 2), (["--help"], 0)])
def test_help_lists_the_commands(args: list[str], code: int) -> None:
    result = tenantprobe(*args)
    assert "run" in result.stdout
    assert result.returncode == code
