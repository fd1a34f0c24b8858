"""Bad input ends in exit 2 or 3 with one message naming the place and the fix, never a traceback.

Config keys, types, YAML syntax and variables are covered in tests/unit/test_config.py and
tests/unit/test_cli.py; here: specs that are invalid, huge or recursive, and rejected credentials.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tenantprobe.core.target import MAX_SPEC_BYTES, TargetUnavailable, load_spec
from tests.robustness.faulty_server import SPEC, FaultyServer
from tests.robustness.targets import run_tenantprobe, write_config

RECURSIVE_YAML = "openapi: 3.0.3\ninfo: &a {title: t, version: '1', loop: [*a]}\npaths: {}\n"
NESTED_ALIASES_YAML = (
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9))
    + "paths: {}\n"
)


def spec_file(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (RECURSIVE_YAML, "nests deeper than 200 levels: a recursive YAML alias"),
        (NESTED_ALIASES_YAML, "expands to more than 5,000,000 values"),
        (json.dumps({"openapi": "3.0.3", "paths": []}), "has `paths` of type list"),
        (json.dumps({"openapi": "3.0.3", "paths": {"/a": {"get": 1}}}), "has `/paths/~1a/get` of type int"),
        (
            json.dumps({"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": 5}}}}),
            "has `/paths/~1a/get/responses` of type int, expected an object of status codes",
        ),
        ("{not json", "is neither JSON nor YAML"),
        ("just: yaml", "is not an OpenAPI spec (no `openapi` key)"),
    ],
    ids=[
        "recursive",
        "nested-aliases",
        "paths-list",
        "operation-int",
        "responses-int",
        "broken",
        "not-openapi",
    ],
)
def test_an_unusable_spec_is_refused_with_where_and_why(tmp_path: Path, text: str, expected: str) -> None:
    location = spec_file(tmp_path, "spec.yaml", text)
    with pytest.raises(TargetUnavailable) as caught:
        load_spec(location, timeout_s=2)
    assert expected in str(caught.value)
    assert location in str(caught.value)


def test_the_faulty_servers_own_spec_loads() -> None:
    with FaultyServer("error_storm") as server:
        spec, sha = load_spec(f"{server.url}/openapi.json", timeout_s=2)
    assert spec == SPEC and len(sha) == 64


def test_a_huge_spec_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as sparse:
        sparse.truncate(MAX_SPEC_BYTES + 1)
    with pytest.raises(TargetUnavailable, match="is larger than 64 MB"):
        load_spec(str(path), timeout_s=2)


def test_a_huge_spec_over_http_is_refused_at_the_cap(tmp_path: Path) -> None:
    with FaultyServer("huge", huge_bytes=MAX_SPEC_BYTES + 1_000_000) as server:
        with pytest.raises(TargetUnavailable, match="is larger than 64 MB"):
            load_spec(f"{server.url}/spec.json", timeout_s=5)


@pytest.mark.slow
def test_a_run_with_a_recursive_spec_exits_3_with_one_message(tmp_path: Path) -> None:
    location = spec_file(tmp_path, "spec.yaml", RECURSIVE_YAML)
    run = run_tenantprobe(write_config(tmp_path, "http://127.0.0.1:9", spec=location))
    assert run.exit_code == 3, run.output[-2000:]
    assert f"the spec at {location} nests deeper than 200 levels" in run.output
    assert "Traceback" not in run.output


@pytest.mark.slow
def test_a_run_whose_principal_is_rejected_exits_3_naming_the_principal_never_the_credential(
    tmp_path: Path,
) -> None:
    rejected = "stale-credential-4711"
    with FaultyServer("error_storm", healthy_identity=True) as server:
        config = write_config(tmp_path, server.url, timeout_s=2)
        run = run_tenantprobe(config, env={"BLUE_USER": rejected})
    assert run.exit_code == 3, run.output[-2000:]
    assert "Expected a 2xx for `GET /me` as `blue/user`, got `401 Unauthorized`" in run.output
    assert "Check tenants.blue.principals.user in tenants.yaml" in run.output
    assert rejected not in run.output
    assert "Traceback" not in run.output
