"""The preflight as a table (subject × probe) followed by one line per problem."""

from __future__ import annotations

from tenantprobe.families.preflight.probes import PROBES, PreflightReport
from tenantprobe.families.preflight.result import ProbeResult

_CELL = {"ok": "ok", "fail": "FAIL", "skip": "skip"}


def _cell(results: list[ProbeResult]) -> str:
    if not results:
        return "-"
    for status in ("fail", "skip"):
        if any(r.status == status for r in results):
            return _CELL[status]
    return _CELL["ok"]


def render_table(report: PreflightReport) -> str:
    subjects = list(dict.fromkeys(r.subject for r in report.results))
    columns = [p for p in PROBES if any(r.probe == p for r in report.results)]
    rows = [["subject", *columns]]
    rows += [[subject, *(_cell(report.of(subject, probe)) for probe in columns)] for subject in subjects]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [f"preflight against {report.target}"]
    for index, row in enumerate(rows):
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append(("  " + "  ".join(cells)).rstrip())
        if index == 0:
            lines.append("  " + "  ".join("-" * width for width in widths))
    problems = report.problems
    if problems:
        lines.append("")
        lines.append(f"{len(problems)} problem(s):")
        for result in problems:
            mark = "fatal" if result.fatal else "finding"
            lines.append(f"  [{mark}] {result.subject} · {result.probe}: {result.message}")
    else:
        lines.append("")
        lines.append("no problems: the target is usable and set up as tenants.yaml says")
    return "\n".join(lines)


def render_fatal(report: PreflightReport) -> str:
    """What the run prints when it stops: the table, then what to do next."""
    return (
        f"{render_table(report)}\n\n"
        f"tenantprobe stopped before the suites: {len(report.fatal)} fatal preflight problem(s). "
        "Fix them and run again (`tenantprobe doctor` repeats only these probes)."
    )
