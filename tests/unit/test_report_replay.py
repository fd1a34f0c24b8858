"""Replay's reading of a reports folder: the finding by id, its request without credentials."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tenantprobe.core.target import free_port
from tenantprobe.reporting.recorded import ReplayError, find_finding, recorded_request
from tenantprobe.reporting.selection import TEST_OPTION, rerun_command, run_options, selection_args

EXCHANGE = {
    "method": "delete",
    "url": "http://10.0.0.5:8000/base/api/things/42?force=1&tag=a&tag=b",
    "request_headers": {
        "Authorization": "[Filtered]",
        "X-Api-Key": "[Filtered]",
        "X-Request-Id": "tp-00",
        "Accept": "application/json",
        "Host": "10.0.0.5",
        "X-Signature": "sig=[Filtered]",
    },
    "request_body": '{"name": "x"}',
    "status": 200,
}


def reports_with(tmp_path: Path, *ids: str) -> Path:
    folder = tmp_path / "findings"
    folder.mkdir()
    for finding_id in ids:
        (folder / f"{finding_id}.json").write_text(json.dumps({"id": finding_id, "exchange": EXCHANGE}))
    return tmp_path


def test_a_unique_prefix_finds_the_finding(tmp_path: Path) -> None:
    reports = reports_with(tmp_path, "abc1230000", "def4560000")
    assert find_finding(reports, "abc")["id"] == "abc1230000"


def test_an_unknown_or_ambiguous_id_is_a_clear_error(tmp_path: Path) -> None:
    reports = reports_with(tmp_path, "abc1230000", "abc4560000")
    with pytest.raises(ReplayError, match="no finding `zzz`.*known ids: abc1230000, abc4560000"):
        find_finding(reports, "zzz")
    with pytest.raises(ReplayError, match="more than one finding `abc`"):
        find_finding(reports, "abc")


def test_a_missing_reports_folder_says_what_to_pass(tmp_path: Path) -> None:
    with pytest.raises(ReplayError, match="give --reports the folder of the run"):
        find_finding(tmp_path / "nowhere", "abc")


def test_the_request_is_rebased_and_keeps_no_credentials() -> None:
    request = recorded_request({"exchange": EXCHANGE}, "http://10.0.0.5:8000/base")
    assert request is not None
    assert (request.method, request.path) == ("DELETE", "/api/things/42")
    assert request.query == [("force", "1"), ("tag", "a"), ("tag", "b")]
    assert request.headers == {"X-Request-Id": "tp-00", "Accept": "application/json"}
    assert request.json_body() == {"name": "x"}
    assert not request.filtered


def test_path_parameters_are_read_back_from_the_template() -> None:
    request = recorded_request({"exchange": EXCHANGE}, None)
    assert request is not None
    assert request.path_parameters("/api/things/{thing_id}") == {"thing_id": "42"}
    assert request.path_parameters("/api/other/{id}") is None


def test_a_secret_filtered_out_of_the_body_is_flagged() -> None:
    exchange = EXCHANGE | {"request_body": '{"secret": "[Filtered]"}'}
    request = recorded_request({"exchange": exchange}, None)
    assert request is not None and request.filtered


def test_a_finding_without_an_exchange_has_no_request() -> None:
    assert recorded_request({"id": "x"}, None) is None


def test_a_generated_tests_id_is_selected_exactly_by_the_plugin_option() -> None:
    nodeid = "suites/contract/test_contract.py::test_honours[DELETE /api/things/{thing_id}]"
    assert selection_args(nodeid) == ["--tp-test", nodeid]
    options = run_options("/abs/tenants.yaml", "http://10.0.0.5:8000", seed=3, examples=2)
    assert rerun_command(nodeid, options) == (
        "tenantprobe run --config /abs/tenants.yaml --target-url http://10.0.0.5:8000 --seed 3 "
        "--examples 2 -- --tp-test 'suites/contract/test_contract.py::test_honours[DELETE "
        "/api/things/{thing_id}]'"
    )


def test_an_embedded_target_is_not_named_in_the_rerun() -> None:
    assert run_options("/abs/tenants.yaml", None) == ["--config", "/abs/tenants.yaml"]


CONFIG = """\
version: 1
target:
  base_url: http://127.0.0.1:{port}
  spec: /openapi.json
auth:
  carrier: bearer
tenants:
  red:
    admin: {{token: "${{RED_ADMIN:-red-admin-default-token}}"}}
    principals:
      viewer: {{role: viewer, token: "${{RED_VIEWER:-red-viewer-default-token}}"}}
"""


def run_replay(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tenantprobe", "replay", *args],
        capture_output=True, text=True, timeout=120, cwd=tmp_path, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_an_unreachable_deployment_exits_3_without_a_traceback(tmp_path: Path) -> None:
    port = free_port()  # bound and released: nothing listens there
    (tmp_path / "tenants.yaml").write_text(CONFIG.format(port=port))
    reports = reports_with(tmp_path, "abc1230000")
    record = json.loads((reports / "findings" / "abc1230000.json").read_text())
    record |= {
        "check": "status_code_conformance",
        "operation": "DELETE /api/things/{id}",
        "principal": "red/viewer",
    }
    (reports / "findings" / "abc1230000.json").write_text(json.dumps(record))
    completed = run_replay(tmp_path, "abc123", "--reports", str(reports))
    assert completed.returncode == 3, completed.stdout + completed.stderr
    assert "target unreachable" in completed.stderr and "Traceback" not in completed.stderr


def test_a_principal_missing_from_tenants_yaml_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "tenants.yaml").write_text(CONFIG.format(port=free_port()))
    reports = reports_with(tmp_path, "abc1230000")
    record = json.loads((reports / "findings" / "abc1230000.json").read_text()) | {"principal": "blue/viewer"}
    (reports / "findings" / "abc1230000.json").write_text(json.dumps(record))
    completed = run_replay(tmp_path, "abc1230000", "--reports", str(reports))
    assert completed.returncode == 2
    assert "no principal `blue/viewer`" in completed.stderr and "red/viewer" in completed.stderr


def test_the_worker_group_xdist_appends_to_a_node_id_is_not_part_of_the_selection() -> None:
    grouped = "suites/contract/test_stateful.py::test_links[acme/manager]@generated-writes"
    assert selection_args(grouped) == [
        TEST_OPTION,
        "suites/contract/test_stateful.py::test_links[acme/manager]",
    ]
    assert selection_args("suites/rate_limits/test_r.py::test_y@rate_limits") == [
        TEST_OPTION,
        "suites/rate_limits/test_r.py::test_y",
    ]
