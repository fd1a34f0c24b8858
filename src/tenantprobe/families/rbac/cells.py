"""The permission matrix's cells and how each is judged: proven allowed, proven denied, unproven, failed.

A cell is proven only by a request that reached the permission layer on an object that exists and
that the principal's own tenant owns: a 404 proves neither an allowance nor a denial, a 429 or a
5xx proves nothing, and a 4xx other than the denial (a 422, say) shows an allowance only when a
principal lacking the permission was denied the same operation in the same run.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenantprobe.core.exchange import status_text

ALLOWED, DENIED, UNPROVEN, FAILED = "allowed", "denied", "unproven", "failed"
_PENDING = "pending"  # a granted cell answered 4xx: decided once the operation's denials are known


@dataclass
class MatrixCell:
    principal: str
    role: str
    operation: str
    permission: str | None
    expected: str  # "allowed" or "denied"
    observed: int | None  # the status, None when not probed
    verdict: str = UNPROVEN  # allowed | denied | unproven | failed: what the probe showed
    why: str = ""  # the precondition shown, or the one that was not


def judge_cell(cell: MatrixCell, status: int, denied: tuple[int, ...], granted: bool, subject: str) -> None:
    """Set the cell's verdict from the status one request on ``subject`` (an existing own object) got."""
    cell.observed = status
    said = f"answered `{status_text(status)}`"
    if status == 429:
        cell.verdict, cell.why = UNPROVEN, f"{said}: throttled, the permission was never judged"
    elif status >= 500:
        cell.verdict, cell.why = UNPROVEN, f"{said}: a server error judges no permission"
    elif 200 <= status < 300:
        cell.verdict, cell.why = (ALLOWED if granted else FAILED), f"{said} on {subject}"
    elif status in denied:
        cell.verdict, cell.why = (FAILED if granted else DENIED), f"{said} on {subject}"
    elif status == 404:
        cell.verdict, cell.why = UNPROVEN, f"{said}: not found, so neither allowed nor denied"
    elif granted and 400 <= status < 500:
        cell.verdict, cell.why = _PENDING, f"{said} on {subject}"
    else:
        cell.verdict, cell.why = UNPROVEN, f"{said}: neither allowed nor denied"


def settle_operation(cells: list[MatrixCell]) -> None:
    """Decide the granted cells that answered 4xx: allowed only when a lacking principal was denied."""
    someone_denied = any(cell.verdict == DENIED for cell in cells)
    for cell in cells:
        if cell.verdict != _PENDING:
            continue
        if someone_denied:
            cell.verdict = ALLOWED
            cell.why += ", past the permission check that denied the lacking principals"
        else:
            cell.verdict = UNPROVEN
            cell.why += (
                ": no principal was denied, so the request may never have reached the permission check"
            )


def unproven_reasons(cells: list[MatrixCell]) -> list[str]:
    """One reason per distinct why, naming the principals it concerns (a tenant's name stays in the why)."""
    by_why: dict[str, list[str]] = {}
    for cell in cells:
        if cell.verdict == UNPROVEN:
            by_why.setdefault(cell.why, []).append(f"`{cell.principal}` ({cell.expected})")
    return [f"{', '.join(who)}: {why}" for why, who in by_why.items()]
