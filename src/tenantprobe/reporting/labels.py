"""Allure labels read off a test's parameters: feature = operation, story = tenant/role, tag = check."""

from __future__ import annotations

import re

import allure
import pytest

from tenantprobe.core.failures import Finding

_OPERATION = re.compile(r"\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE) (/[^\s\]]*)")


def subject_labels(item: pytest.Item, principal_roles: dict[str, str]) -> None:
    """Label the operation and the principal a parametrized test names, when it names them."""
    callspec = getattr(item, "callspec", None)
    text = " ".join([callspec.id if callspec is not None else "", item.name])
    operation = _OPERATION.search(text)
    if operation:
        item.add_marker(allure.feature(f"{operation.group(1)} {operation.group(2)}"))  # type: ignore[no-untyped-call]
    for principal, role in principal_roles.items():
        if re.search(rf"(?<![\w/-]){re.escape(principal)}(?![\w/-])", text):
            tenant = principal.split("/", 1)[0]
            item.add_marker(allure.story(f"{tenant}/{role}"))  # type: ignore[no-untyped-call]
            break


def case_parameter(item: pytest.Item) -> None:
    """Give a test that pytest did not parametrize (one generated per operation) its case as a parameter.

    Allure derives a test's identity (``historyId``) from its full name and parameters; without this,
    every generated test of one function shares an identity and Allure folds them into one with retries.
    """
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params:
        return
    name = item.name
    if name.endswith("]") and "[" in name:
        allure.dynamic.parameter("case", name[name.index("[") + 1 : -1])


def finding_labels(findings: list[Finding]) -> None:
    """On failure: tag each check, and name the principals when the test did not."""
    for check in dict.fromkeys(finding.check for finding in findings):
        allure.dynamic.tag(check)  # type: ignore[no-untyped-call]
    for story in dict.fromkeys(f"{f.tenant}/{f.role}" for f in findings if f.tenant):
        allure.dynamic.story(story)  # type: ignore[no-untyped-call]
