"""Allure: labels from the test's place, attachments only on failure, run metadata."""

from __future__ import annotations

import json
from pathlib import Path

import allure
import pytest

from tenantprobe._failures import Finding
from tenantprobe._state import RunState

CATEGORIES = [
    {"name": "Scoping leak", "messageRegex": r"(?s).*\[scoping\].*"},
    {"name": "Permission", "messageRegex": r"(?s).*\[rbac\].*"},
    {"name": "Webhook signature", "messageRegex": r"(?s).*\[webhooks\].*"},
    {"name": "Rate limit", "messageRegex": r"(?s).*\[rate_limits\].*"},
    {"name": "Broadcasting", "messageRegex": r"(?s).*\[events\].*"},
    {"name": "Preflight", "messageRegex": r"(?s).*\[preflight\].*"},
    {"name": "SDK", "messageRegex": r"(?s).*\[sdk\].*"},
    {"name": "Contract", "matchedStatuses": ["failed"]},
    {"name": "Harness error", "matchedStatuses": ["broken"]},
]


def label_item(item: pytest.Item, family: str) -> None:
    item.add_marker(allure.suite(family))
    item.add_marker(allure.parent_suite("tenantprobe"))


def attach_failure(findings: list[Finding]) -> None:
    """Attach, per finding, the request and response (filtered), the curl and the replay command."""
    for finding in findings:
        lines = [
            f"[{finding.suite}] {finding.check}: {finding.message}",
            f"operation: {finding.operation}",
            f"principal: {finding.principal or '-'}",
            f"request id: {finding.request_id or '-'}",
            f"replay: {finding.replay}",
        ]
        if finding.reproduce:
            lines.append(f"curl: {finding.reproduce}")
        allure.attach(
            "\n".join(lines), name=f"finding {finding.id}", attachment_type=allure.attachment_type.TEXT
        )
        if finding.exchange:
            allure.attach(
                json.dumps(finding.exchange, indent=2),
                name=f"request and response {finding.id}",
                attachment_type=allure.attachment_type.JSON,
            )


def write_allure_metadata(folder: Path, state: RunState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "categories.json").write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")
    from tenantprobe import __version__

    properties = {
        "target": state.base_url,
        "spec.sha256": state.spec_sha256,
        "tenantprobe.version": __version__,
        "target.build": state.config.target.build or "-",
        "mode": state.config.target.mode,
    }
    (folder / "environment.properties").write_text(
        "".join(f"{key}={value}\n" for key, value in properties.items()), encoding="utf-8"
    )
