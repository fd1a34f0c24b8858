"""Allure output: categories match the tag each failure message starts with; details per finding."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tenantprobe.core.failures import Finding
from tenantprobe.reporting.allure import (
    allure_categories,
    allure_key,
    minimal_example,
    tag_failure_messages,
)

NODEID = "suites/scoping/test_reads.py::TestById::test_cannot_read[GET /things/{id}]"


def finding(**changes: str) -> Finding:
    values = {
        "suite": "scoping",
        "check": "tenant_isolation",
        "operation": "GET /things/{id}",
        "tenant": "red",
        "role": "viewer",
        "principal": "red/viewer",
        "message": "Expected 404, got `200 OK`\nmore detail",
        "test": NODEID,
    } | changes
    return Finding(**values)


def result_file(folder: Path, name: str = "test_cannot_read[GET /things/{id}]") -> Path:
    path = folder / "0000-result.json"
    result = {
        "name": name,
        "fullName": "suites.scoping.test_reads.TestById#test_cannot_read",
        "status": "failed",
        "statusDetails": {"message": "schemathesis.core.failures.FailureGroup: 2 failures"},
    }
    path.write_text(json.dumps(result), encoding="utf-8")
    return path


def category_of_message(message: str) -> str:
    for category in allure_categories():
        regex = category.get("messageRegex")
        if regex is None or re.fullmatch(regex, message):
            return str(category["name"])
    return "none"


def test_the_allure_key_is_derived_like_allure_pytest_does() -> None:
    assert allure_key(NODEID) == (
        "suites.scoping.test_reads.TestById#test_cannot_read",
        "test_cannot_read[GET /things/{id}]",
    )


def test_a_failed_result_is_tagged_and_lands_in_its_category(tmp_path: Path) -> None:
    path = result_file(tmp_path)
    assert tag_failure_messages(tmp_path, [finding()]) == 1
    message = json.loads(path.read_text())["statusDetails"]["message"]
    assert message.startswith("[scoping] tenant_isolation · GET /things/{id} · red/viewer: Expected 404")
    assert category_of_message(message) == "Scoping leak"


def test_tagging_twice_changes_nothing(tmp_path: Path) -> None:
    path = result_file(tmp_path)
    tag_failure_messages(tmp_path, [finding()])
    once = path.read_text()
    assert tag_failure_messages(tmp_path, [finding()]) == 0
    assert path.read_text() == once


def test_results_of_other_tests_and_passed_results_are_left_alone(tmp_path: Path) -> None:
    other = result_file(tmp_path, name="test_cannot_read[GET /other]")
    before = other.read_text()
    assert tag_failure_messages(tmp_path, [finding()]) == 0
    assert other.read_text() == before


def test_the_regexes_hold_no_inline_flags_that_javascript_rejects() -> None:
    assert all("(?" not in str(category.get("messageRegex", "")) for category in allure_categories())


def test_each_family_has_its_category_and_untagged_failures_are_harness_errors() -> None:
    names = {category_of_message(f"[{family}] check: x") for family in ("rbac", "contract", "webhooks")}
    assert names == {"Permission", "Contract", "Webhook signature"}
    assert category_of_message("AssertionError: boom") == "Harness error"


def test_the_minimal_example_is_the_request_as_sent_plus_hypothesis_lines() -> None:
    recorded = finding()
    recorded.exchange = {"method": "GET", "url": "http://h/things/3", "request_headers": {"A": "[Filtered]"}}
    longrepr = "Falsifying example: test(case=...)\n@reproduce_failure('6.1', b'AXic')\nother noise"
    text = minimal_example(recorded, longrepr)
    assert '"url": "http://h/things/3"' in text
    assert "Falsifying example" in text and "@reproduce_failure" in text and "other noise" not in text
