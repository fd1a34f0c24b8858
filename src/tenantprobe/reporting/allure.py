"""Allure: labels from the test's place, attachments only on failure, categories and run metadata."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import allure
import pytest

from tenantprobe.core import __version__
from tenantprobe.core.failures import Finding
from tenantprobe.core.state import RunState
from tenantprobe.reporting.runbook import CATEGORIES, HARNESS_ERROR, category_of, runbook_link, tag

# Hypothesis prints how to reproduce the shrunk example; keep those lines for the report.
_EXAMPLE_LINES = re.compile(r"^.*(?:Falsifying|reproduce_failure|Reproduce with|curl ).*$", re.MULTILINE)


def allure_categories() -> list[dict[str, Any]]:
    """A category per check family, matched on the tag every failure message starts with."""
    found: list[dict[str, Any]] = [
        {
            "name": category.name,
            # [\s\S] rather than (?s): Allure 2 (Java) and Allure 3 (JavaScript) both read it.
            "messageRegex": rf"[\s\S]*{re.escape(tag(category.family))}[\s\S]*",
            "matchedStatuses": ["failed", "broken"],
        }
        for category in CATEGORIES
    ]
    found.append({"name": HARNESS_ERROR.name, "matchedStatuses": ["failed", "broken"]})
    return found


def label_item(item: pytest.Item, family: str) -> None:
    item.add_marker(allure.suite(family))  # type: ignore[no-untyped-call]
    item.add_marker(allure.parent_suite("tenantprobe"))  # type: ignore[no-untyped-call]


def finding_text(finding: Finding) -> str:
    lines = [
        f"{tag(finding.suite)} {finding.check}: {finding.message}",
        f"category: {category_of(finding.suite).name}",
        f"operation: {finding.operation}",
        f"principal: {finding.principal or '-'}",
        f"request id: {finding.request_id or '-'}",
        f"replay: {finding.replay}",
        f"runbook: {runbook_link(finding.suite)}",
    ]
    if finding.reproduce:
        lines.append(f"curl: {finding.reproduce}")
    return "\n".join(lines)


def minimal_example(finding: Finding, longrepr: str = "") -> str:
    """The failing request as sent (credentials filtered), plus Hypothesis' reproduction lines."""
    exchange = finding.exchange or {}
    example = {
        key: exchange.get(key)
        for key in ("method", "url", "request_headers", "request_body")
        if exchange.get(key) not in (None, "")
    }
    text = json.dumps(example, indent=2) if example else "(no request was recorded for this finding)"
    hints = dict.fromkeys(line.strip() for line in _EXAMPLE_LINES.findall(longrepr) if "curl" not in line)
    if hints:
        text += "\n\n" + "\n".join(hints)
    return text


def attach_failure(findings: list[Finding], longrepr: str = "") -> None:
    """Per finding: what, who, request id, curl, replay, runbook link, minimal example, exchange."""
    linked: set[str] = set()
    for finding in findings:
        text = allure.attachment_type.TEXT
        allure.attach(finding_text(finding), name=f"finding {finding.id}", attachment_type=text)
        example = minimal_example(finding, longrepr)
        allure.attach(example, name=f"minimal failing example {finding.id}", attachment_type=text)
        if finding.exchange:
            allure.attach(
                json.dumps(finding.exchange, indent=2),
                name=f"request and response {finding.id}",
                attachment_type=allure.attachment_type.JSON,
            )
        if finding.suite not in linked:
            linked.add(finding.suite)
            name = f"runbook: {category_of(finding.suite).name}"
            allure.dynamic.link(runbook_link(finding.suite), name=name)  # type: ignore[no-untyped-call]


def write_allure_metadata(folder: Path, state: RunState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "categories.json").write_text(json.dumps(allure_categories(), indent=2), encoding="utf-8")
    properties = {
        "target": state.base_url,
        "spec.sha256": state.spec_sha256,
        "harness.version": __version__,
        "seed": "-" if state.seed is None else str(state.seed),
        "examples": str(state.examples),
        "target.build": state.config.target.build or "-",
        "mode": state.config.target.mode,
    }
    (folder / "environment.properties").write_text(
        "".join(f"{key}={value}\n" for key, value in properties.items()), encoding="utf-8"
    )


def allure_key(nodeid: str) -> tuple[str, str]:
    """(fullName, name) of the Allure result of the test ``nodeid``, as allure-pytest derives them."""
    parts = nodeid.split("::")
    package = parts[0].rsplit(".", 1)[0].replace("/", ".")
    classes = "".join(f".{name}" for name in parts[1:-1])
    return f"{package}{classes}#{parts[-1].split('[')[0]}", parts[-1]


def tag_failure_messages(folder: Path, findings: Iterable[Finding]) -> int:
    """Mark each result with findings `failed` and start its message with their tags (for the categories)."""
    by_test: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        by_test.setdefault(allure_key(finding.test), []).append(finding)
    tagged = 0
    for path in folder.glob("*-result.json"):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        own = by_test.get((result.get("fullName", ""), result.get("name", "")))
        if not own or result.get("status") not in ("failed", "broken"):
            continue
        details = result.setdefault("statusDetails", {})
        headline = "\n".join(
            f"{tag(f.suite)} {f.check} · {f.operation} · {f.principal or '-'}: "
            f"{(f.message.splitlines() or [''])[0]}"
            for f in own
        )
        if str(details.get("message", "")).startswith(headline) and result["status"] == "failed":
            continue  # tagged already
        if not str(details.get("message", "")).startswith(headline):
            details["message"] = f"{headline}\n\n{details.get('message', '')}".rstrip()
        # A finding is a failure of the target; Allure's "broken" is kept for harness errors.
        result["status"] = "failed"
        path.write_text(json.dumps(result), encoding="utf-8")
        tagged += 1
    return tagged
