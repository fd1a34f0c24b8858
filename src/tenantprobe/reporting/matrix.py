"""The tenant/role × operation matrix of a run, from summary.json: what each principal did, and how."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Worst first: a cell shows the worst outcome of the tests that exercised it.
OUTCOMES = ("failed", "error", "unproven", "passed", "skipped")
# An RBAC cell's verdict as a matrix outcome: proven allowed and proven denied are both passes.
_CELL_OUTCOME = {"allowed": "passed", "denied": "passed", "unproven": "unproven", "failed": "failed"}
_RANK = {name: index for index, name in enumerate(OUTCOMES)}


@dataclass
class Matrix:
    principals: list[str]
    operations: list[str]
    cells: dict[tuple[str, str], str] = field(default_factory=dict)  # (principal, operation) -> outcome
    roles: dict[str, str] = field(default_factory=dict)  # principal -> role
    why: dict[tuple[str, str], str] = field(default_factory=dict)  # (principal, operation) -> its proof

    def outcome(self, principal: str, operation: str) -> str | None:
        return self.cells.get((principal, operation))

    def counts(self) -> dict[str, int]:
        values = list(self.cells.values())
        return {name: values.count(name) for name in OUTCOMES}


def _worse(current: str | None, new: str) -> str:
    if current is None:
        return new
    return current if _RANK[current] <= _RANK[new] else new


def build_matrix(document: dict[str, Any]) -> Matrix:
    """A cell fails when a finding names that principal and operation; else the tests' outcome."""
    findings = [f for f in document.get("findings") or [] if isinstance(f, dict)]
    outcomes: dict[str, str] = document.get("outcomes") or {}
    errors = set(document.get("errors") or [])
    failing = {(f.get("principal", ""), f.get("operation", "")) for f in findings}
    cells: dict[tuple[str, str], str] = {}
    for nodeid, subjects in (document.get("matrix") or {}).items():
        operation = str(subjects.get("operation", ""))
        status = outcomes.get(nodeid, "passed")
        for principal in subjects.get("principals") or []:
            if (principal, operation) in failing:
                outcome = "failed"
            elif status == "failed" and nodeid in errors:
                outcome = "error"
            elif status in ("skipped", "unproven"):
                outcome = status
            else:
                outcome = "passed"
            cells[(principal, operation)] = _worse(cells.get((principal, operation)), outcome)
    why: dict[tuple[str, str], str] = {}
    for cell in (document.get("coverage") or {}).get("cells") or []:
        # The permission matrix's own cells, each with its verdict: an unproven cell is never a ✓.
        key = (str(cell.get("principal")), str(cell.get("operation")))
        cells[key] = _worse(cells.get(key), _CELL_OUTCOME.get(str(cell.get("verdict")), "unproven"))
        why[key] = f"{cell.get('verdict')}: {cell.get('why')}"
    for principal, operation in failing:
        if principal and operation:  # findings of tests that did not record their subjects
            cells[(principal, operation)] = "failed"
    roles = {f["principal"]: f.get("role", "") for f in findings if f.get("principal")}
    roles |= {str(k): str(v) for k, v in (document.get("principals") or {}).items()}
    principals = sorted({principal for principal, _ in cells})
    operations = sorted({operation for _, operation in cells}, key=_operation_order)
    return Matrix(principals, operations, cells, roles, why)


def _operation_order(operation: str) -> tuple[str, str]:
    method, _, path = operation.partition(" ")
    return (path, method) if path else (operation, "")
