"""The spec diff on pairs of specs with known changes (tests/data/specs), and the diff command."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tenantprobe.cli.main import main
from tenantprobe.core.target import load_spec
from tenantprobe.openapi.diff import diff_specs

SPECS = Path(__file__).resolve().parents[1] / "data" / "specs"

# Every change planted in breaking.yaml, as (rule, operation).
KNOWN_BREAKING = {
    ("endpoint-removed", "DELETE /items/{item_id}"),
    ("new-required-request-parameter", "GET /items"),
    ("new-required-request-property", "POST /items"),
    ("request-property-enum-value-removed", "POST /items"),
    ("request-property-type-changed", "POST /items"),
    ("request-property-bound-narrowed", "POST /items"),
    ("response-property-removed", "GET /items/{item_id}"),
    ("response-property-removed", "GET /items"),
    ("response-property-enum-value-added", "GET /items/{item_id}"),
    ("response-property-enum-value-added", "GET /items"),
    ("response-success-status-removed", "POST /items"),
}
# Every change planted in additive.yaml.
KNOWN_ADDITIVE = {
    ("endpoint-added", "GET /health"),
    ("new-optional-request-parameter", "GET /items"),
    ("new-response-property", "GET /items"),
    ("new-response-property", "POST /items"),
    ("new-response-property", "GET /items/{item_id}"),
    ("new-request-property", "POST /items"),
    ("request-property-enum-value-added", "POST /items"),
    ("response-status-added", "GET /items/{item_id}"),
}


def _spec(name: str) -> dict:
    return load_spec(str(SPECS / name), 5)[0]


def test_every_planted_breaking_change_is_found_and_nothing_else() -> None:
    diff = diff_specs(_spec("base.yaml"), _spec("breaking.yaml"))
    assert {(c.rule, c.operation) for c in diff.breaking} == KNOWN_BREAKING


def test_additive_changes_are_info_only() -> None:
    diff = diff_specs(_spec("base.yaml"), _spec("additive.yaml"))
    assert diff.breaking == []
    assert {(c.rule, c.operation) for c in diff.info} == KNOWN_ADDITIVE


def test_a_spec_compared_with_itself_has_no_changes() -> None:
    assert diff_specs(_spec("base.yaml"), _spec("base.yaml")).changes == []


def test_reverting_an_additive_change_is_breaking() -> None:
    diff = diff_specs(_spec("additive.yaml"), _spec("base.yaml"))
    rules = {c.rule for c in diff.breaking}
    assert {"endpoint-removed", "response-property-removed", "request-property-enum-value-removed"} <= rules
    assert "request-property-bound-narrowed" in rules  # maxLength 500 -> 255


def test_changes_name_where_they_are() -> None:
    diff = diff_specs(_spec("base.yaml"), _spec("breaking.yaml"))
    removed = next(
        c for c in diff.breaking if c.rule == "response-property-removed" and "{item_id}" in c.operation
    )
    assert removed.location == "response 200 body /note"
    assert "`note`" in removed.message


def test_refs_are_followed_and_cycles_do_not_hang() -> None:
    node = {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}}}
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}
    responses = {"200": {"description": "n", "content": body}}
    spec = {"paths": {"/n": {"get": {"responses": responses}}}, "components": {"schemas": {"Node": node}}}
    assert diff_specs(spec, spec).changes == []


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def diff_command(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    def run(*args: str) -> Outcome:
        code = main(["diff", *args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run


def test_diff_command_exits_1_on_breaking_changes_and_lists_them_as_json(
    diff_command: Callable[..., Outcome],
) -> None:
    done = diff_command(str(SPECS / "base.yaml"), str(SPECS / "breaking.yaml"), "--json")
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    assert {(c["rule"], c["operation"]) for c in document["breaking"]} == KNOWN_BREAKING


def test_diff_command_exits_0_on_additive_changes(diff_command: Callable[..., Outcome]) -> None:
    done = diff_command(str(SPECS / "base.yaml"), str(SPECS / "additive.yaml"))
    assert done.returncode == 0, done.stderr
    assert "0 breaking, 8 info" in done.stdout


@pytest.mark.parametrize("missing", ["baseline", "current"])
def test_diff_command_exits_3_with_a_clear_message_when_a_side_cannot_be_read(
    missing: str, diff_command: Callable[..., Outcome]
) -> None:
    paths = [str(SPECS / "base.yaml"), str(SPECS / "base.yaml")]
    paths[0 if missing == "baseline" else 1] = str(SPECS / "absent.yaml")
    done = diff_command(*paths)
    assert done.returncode == 3
    assert "absent.yaml" in done.stderr and "Traceback" not in done.stderr


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def spec_server() -> Iterator[str]:
    """The spec pairs served over HTTP on loopback, as a deployed target serves its spec."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietFiles, directory=str(SPECS)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_diff_command_reads_urls(spec_server: str, diff_command: Callable[..., Outcome]) -> None:
    done = diff_command(f"{spec_server}/base.yaml", str(SPECS / "breaking.yaml"), "--json")
    assert done.returncode == 1, done.stderr
    assert {(c["rule"], c["operation"]) for c in json.loads(done.stdout)["breaking"]} == KNOWN_BREAKING
    missing = diff_command(f"{spec_server}/absent.yaml", str(SPECS / "base.yaml"))
    assert missing.returncode == 3 and "404" in missing.stderr
