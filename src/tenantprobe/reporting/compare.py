"""The regression view: which findings of the previous run are fixed, which are new.

A previous finding counts as fixed only when the test that found it ran again and did not find it:
a run of a subset (``--last-failed``, one suite) says nothing about findings of tests it skipped.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tenantprobe.families import FAMILIES

PREVIOUS = "previous-summary.json"
PREVIOUS_FINDINGS = "previous-findings"
# What a run writes besides summary.json and findings/: a new run starts without any of them.
_RUN_FILES = ("junit.xml", "summary.html", "target.log", "allure-results", "allure-report")
_SHOWN = ("id", "suite", "check", "operation", "principal", "test")
_RAN = ("passed", "failed")  # a skipped test checked nothing


def read_summary(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def previous_summary(folder: Path, current_name: str) -> dict[str, Any] | None:
    """The summary of the run before this one, kept as previous-summary.json.

    ``tenantprobe run`` moves summary.json aside before it starts; a plain ``pytest suites`` run finds
    the old summary.json still in place and keeps it as the previous one here.
    """
    current = folder / current_name
    old = read_summary(current)
    if old is not None:
        (folder / PREVIOUS).write_text(json.dumps(old, indent=2) + "\n", encoding="utf-8")
        current.unlink(missing_ok=True)
        return old
    return read_summary(folder / PREVIOUS)


def start_fresh(folder: Path) -> None:
    """Clear what the previous run wrote: it stays only as the comparison.

    Its summary becomes previous-summary.json and its findings previous-findings/ (so they can still be
    replayed); every other file of it goes, so a reports folder never mixes two runs.
    """
    previous_summary(folder, "summary.json")
    findings = folder / "findings"
    if findings.is_dir():
        shutil.rmtree(folder / PREVIOUS_FINDINGS, ignore_errors=True)
        findings.rename(folder / PREVIOUS_FINDINGS)
    for path in [
        *(folder / name for name in _RUN_FILES),
        # each family's own files, with the per-worker copies that older versions wrote beside them
        *(path for family in FAMILIES for file in family.reports for path in folder.glob(file.pattern)),
        *folder.glob("left-behind*.json"),
        *folder.glob("kept-off*.json"),
    ]:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def compare_with_previous(
    findings: list[dict[str, Any]], outcomes: dict[str, str], previous: dict[str, Any] | None
) -> dict[str, Any]:
    """``fixed`` (previous findings whose test ran again without them), ``new``, ``not_rechecked``."""
    if previous is None:
        return {"previous_started_at": None, "fixed": [], "new": [], "not_rechecked": []}
    before = [item for item in previous.get("findings") or [] if isinstance(item, dict) and "id" in item]
    now_ids = {finding["id"] for finding in findings}
    before_ids = {item["id"] for item in before}
    fixed: list[dict[str, Any]] = []
    unchecked: list[dict[str, Any]] = []
    for item in before:
        if item["id"] in now_ids:
            continue
        summary = {key: item.get(key, "") for key in _SHOWN}
        (fixed if outcomes.get(item.get("test", "")) in _RAN else unchecked).append(summary)
    return {
        "previous_started_at": previous.get("started_at"),
        "fixed": fixed,
        "new": sorted(now_ids - before_ids),
        "not_rechecked": [item["id"] for item in unchecked],
    }
