"""``python -m reference_api``: the defect catalogue, bad input, start-up time, demo-config."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from reference_api.defects import FAMILIES
from reference_api.seed import generated_password


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reference_api", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_list_defects_json_covers_every_family_with_descriptions() -> None:
    result = _run("--list-defects", "--json")
    assert result.returncode == 0, result.stderr
    defects = json.loads(result.stdout)
    assert len(defects) >= 24
    assert {d["family"] for d in defects} == set(FAMILIES)
    assert all(set(d) == {"name", "family", "description"} and d["description"] for d in defects)
    assert len({d["name"] for d in defects}) == len(defects)


def test_unknown_defect_exits_2_listing_valid_names() -> None:
    result = _run("serve", "--port", "1", "--defects", "cross_tenant_read_by_id,no_such_bug")
    assert result.returncode == 2
    assert (
        "no_such_bug" in result.stderr and "cross_tenant_read_by_id" in result.stderr.split("Valid names")[1]
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["60", "a/b", "0/60"])
def test_bad_rate_limit_exits_2_with_the_expected_form(value: str) -> None:
    result = _run("serve", "--rate-limit", value)
    assert result.returncode == 2
    assert "N/SECONDS" in result.stderr or ">= 1" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow
def test_serve_answers_within_two_seconds_and_stops_on_terminate() -> None:
    port = _free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "reference_api", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        up_after = None
        while time.monotonic() - started < 30:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/up", timeout=0.5).status_code == 200:
                    up_after = time.monotonic() - started
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        assert up_after is not None, "the server never answered /up"
    finally:
        process.terminate()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = status
    # Wall time depends on how loaded the shared machine is; the CPU the process spent does not.
    cpu = usage.ru_utime + usage.ru_stime
    assert cpu < 2.0, f"start-up cost {cpu:.2f} s of CPU (answered /up after {up_after:.2f} s wall time)"


REPO_TENANTS_YAML = Path(__file__).resolve().parents[2] / "tenants.yaml"


@pytest.mark.skipif(not REPO_TENANTS_YAML.is_file(), reason="needs the repository's tenants.yaml as template")
def test_demo_config_writes_tenants_and_env_for_n_tenants(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = _run("demo-config", "--tenants", "5", "--out", str(out), "--template", str(REPO_TENANTS_YAML))
    assert result.returncode == 0, result.stderr
    env = (out / "demo.env").read_text()
    tenants = (out / "tenants.yaml").read_text()
    assert "TENANT05_VIEWER_TOKEN=" in env and "ACME_ADMIN_TOKEN=" in env
    # passwords for the login dialect: derived for generated tenants, the named ones from demo.env
    assert f"TENANT05_VIEWER_PASSWORD='{generated_password('tenant05', 'viewer')}'" in env
    assert "ACME_VIEWER_PASSWORD='pw-" in env and "CONSULTANT_PASSWORD='pw-" in env
    assert "tenant05" in tenants and "${TENANT05_VIEWER_TOKEN}" in tenants


@pytest.mark.slow
def test_generated_tenants_tokens_authenticate_on_a_server_seeded_with_that_many(
    start_api: Any, client_for: Any
) -> None:
    from reference_api.seed import plan_teams

    fifth = plan_teams(5)[4]
    with start_api(tenants=5) as server, client_for(server, fifth.users["viewer"][1]) as client:
        me = client.get("/api/v1/me").json()
    assert (me["team"]["slug"], me["roles"], me["team"]["currency"]) == (
        "tenant05",
        ["viewer"],
        fifth.currency,
    )
