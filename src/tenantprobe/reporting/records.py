"""What each process of a run records beside the test reports: the objects it left behind, the generated
writes kept off known objects.

Under xdist each worker removes what it created and writes what stayed as ``left-behind.<worker>.json``
and its tally of re-aimed writes as ``kept-off.<worker>.json``; the controller gathers them (and its
own) into summary.json.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tenantprobe.core.ledger import left_behind
from tenantprobe.families.contract.aim import KEPT_OFF

LEFT_BEHIND_FILES = "left-behind*.json"
KEPT_OFF_FILES = "kept-off*.json"


def write_process_records(folder: Path, worker: str) -> None:
    items = [asdict(item) for item in left_behind()]
    if items and folder.is_dir():
        (folder / f"left-behind.{worker}.json").write_text(json.dumps(items, indent=1), encoding="utf-8")
    kept_off = KEPT_OFF.rows()
    if kept_off and folder.is_dir():
        (folder / f"kept-off.{worker}.json").write_text(json.dumps(kept_off, indent=1), encoding="utf-8")


def gathered_left_behind(folder: Path) -> list[dict[str, str]]:
    """Every process's leftovers, once each, in a stable order."""
    items = [asdict(item) for item in left_behind()]
    for path in sorted(folder.glob(LEFT_BEHIND_FILES)):
        items += [item for item in _read_list(path) if isinstance(item, dict)]
    unique = {json.dumps(item, sort_keys=True): item for item in items}
    return sorted(unique.values(), key=lambda item: (item["operation"], item["tenant"], item["id"]))


def gathered_kept_off(folder: Path) -> list[dict[str, Any]]:
    """Every process's generated writes kept off known objects (summed in the coverage section)."""
    rows = KEPT_OFF.rows()
    for path in sorted(folder.glob(KEPT_OFF_FILES)):
        rows += [row for row in _read_list(path) if isinstance(row, dict)]
    return rows


def _read_list(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else []
