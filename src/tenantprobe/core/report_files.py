"""Files a family adds to the reports folder: rows its tests record as data, written once per run.

A test records rows on its own report (``user_properties``), so they cross xdist with the test's
findings and outcome; the controller gathers every worker's rows and the reporting layer writes
each file once, in an order that does not depend on how many workers ran or which ran what.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

REPORT_ROWS = "tenantprobe_report_rows"


@dataclass(frozen=True)
class ReportFile:
    """One file under reports/: ``*.json`` holds a list of objects, any other name the text rows."""

    name: str
    sort_keys: tuple[str, ...] = ()  # the JSON rows' keys that order the file (text keeps test order)

    @property
    def pattern(self) -> str:
        """A glob matching the file and any copy of it named with a suffix (``rbac-matrix.gw0.json``)."""
        stem, dot, extension = self.name.rpartition(".")
        return f"{stem}*{dot}{extension}" if dot else f"{self.name}*"

    @property
    def is_json(self) -> bool:
        return self.name.endswith(".json")

    def render(self, rows: Sequence[Any]) -> str:
        """The file's text from every row recorded for it, whatever worker recorded which."""
        if not self.is_json:
            return "".join(f"{row}\n" for row in rows)
        ordered = sorted(rows, key=lambda row: [str(row.get(key, "")) for key in self.sort_keys])
        return json.dumps(ordered, indent=1) + "\n"


def record_report_rows(item: pytest.Item, file: ReportFile, rows: Sequence[Any]) -> None:
    """Add ``rows`` (JSON objects for a ``.json`` file, strings for a text file) to ``file`` of this run."""
    if file.is_json and not all(isinstance(row, dict) for row in rows):
        raise TypeError(f"{file.name} holds JSON objects; got {[type(row).__name__ for row in rows]}")
    if rows:
        item.user_properties.append((REPORT_ROWS, json.dumps({"file": file.name, "rows": list(rows)})))


def recorded_rows(user_properties: Sequence[tuple[str, object]]) -> list[tuple[str, list[Any]]]:
    """(file name, rows) for each record a test report carries."""
    found = []
    for name, value in user_properties:
        if name == REPORT_ROWS:
            record = json.loads(str(value))
            found.append((str(record["file"]), list(record["rows"])))
    return found
