"""The coverage section: per family what was proven and what was not (and why), per matrix cell its verdict,
and which generated writes by id were kept off known objects (and why).

Built from the test outcomes, the RBAC cells and the re-aimed writes the run recorded; it decides
nothing itself.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

CELL_VERDICTS = ("allowed", "denied", "unproven", "failed")


def family_of_nodeid(nodeid: str) -> str:
    parts = nodeid.split("::", 1)[0].split("/")
    if "suites" in parts and parts.index("suites") + 2 < len(parts):
        return parts[parts.index("suites") + 1]
    return "contract"


def coverage_section(
    outcomes: dict[str, str],
    unproven: list[dict[str, str]],
    cells: list[dict[str, Any]],
    kept_off: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    families: dict[str, dict[str, Any]] = {}
    for nodeid, outcome in sorted(outcomes.items()):
        family = families.setdefault(
            family_of_nodeid(nodeid),
            {"proven": 0, "failed": 0, "unproven": 0, "skipped": 0, "not_proven": []},
        )
        key = "proven" if outcome == "passed" else outcome
        family[key] = family.get(key, 0) + 1
    for item in unproven:
        families[family_of_nodeid(item["test"])]["not_proven"].append(item)
    shown = [
        {key: cell.get(key) for key in ("principal", "operation", "expected", "verdict", "observed", "why")}
        for cell in cells
    ]
    shown.sort(key=lambda cell: (str(cell["operation"]), str(cell["principal"])))
    counts = Counter(str(cell["verdict"]) for cell in shown)
    return {
        "families": families,
        "cells": shown,
        "cell_counts": {name: counts.get(name, 0) for name in CELL_VERDICTS},
        "writes_kept_off": summed_kept_off(kept_off or []),
    }


def summed_kept_off(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The re-aimed writes of every process, one row per operation, reason and replacement."""
    writes: Counter[tuple[str, str, str]] = Counter()
    for row in rows:
        writes[(str(row.get("operation")), str(row.get("why")), str(row.get("swapped_for")))] += int(
            row.get("writes") or 0
        )
    return [
        {"operation": operation, "why": why, "swapped_for": swapped_for, "writes": count}
        for (operation, why, swapped_for), count in sorted(writes.items())
    ]
