"""What each process of a run records beside the test reports: the objects it left behind.

Under xdist each worker removes what it created and writes what stayed as ``left-behind.<worker>.json``;
the controller gathers them (and its own) into summary.json.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tenantprobe.core.ledger import left_behind

LEFT_BEHIND_FILES = "left-behind*.json"


def write_process_records(folder: Path, worker: str) -> None:
    items = [asdict(item) for item in left_behind()]
    if items and folder.is_dir():
        (folder / f"left-behind.{worker}.json").write_text(json.dumps(items, indent=1), encoding="utf-8")


def gathered_left_behind(folder: Path) -> list[dict[str, str]]:
    """Every process's leftovers, once each, in a stable order."""
    items = [asdict(item) for item in left_behind()]
    for path in sorted(folder.glob(LEFT_BEHIND_FILES)):
        items += [item for item in _read_list(path) if isinstance(item, dict)]
    unique = {json.dumps(item, sort_keys=True): item for item in items}
    return sorted(unique.values(), key=lambda item: (item["operation"], item["tenant"], item["id"]))


def _read_list(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return data if isinstance(data, list) else []
