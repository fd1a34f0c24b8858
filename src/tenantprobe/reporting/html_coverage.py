"""summary.html's coverage sections: what each family proved and what not (and why), what stayed behind."""

from __future__ import annotations

from html import escape
from typing import Any

_CELL_MARKS = {"allowed": "✓ allowed", "denied": "✓ denied", "unproven": "? unproven", "failed": "✗ failed"}
_CELL_CSS = {"allowed": "passed", "denied": "passed", "unproven": "unproven", "failed": "failed"}


def coverage_html(document: dict[str, Any]) -> str:
    coverage = document.get("coverage") or {}
    families = coverage.get("families") or {}
    parts = ["<section id='coverage'><h2>Coverage: what was proven</h2>"]
    if not families:
        parts.append("<p>No test ran.</p>")
    else:
        rows = "".join(
            f"<tr data-family='{escape(name, quote=True)}'><th>{escape(name)}</th>"
            + "".join(
                f"<td data-count='{key}'>{int(item.get(key, 0))}</td>"
                for key in ("proven", "failed", "unproven", "skipped")
            )
            + "</tr>"
            for name, item in families.items()
        )
        parts.append(
            "<table class='coverage'><thead><tr><th>family</th><th>proven (passed)</th><th>failed</th>"
            f"<th>unproven</th><th>skipped</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    unproven = document.get("unproven") or []
    if unproven:
        parts.append(f"<h3>Not proven, and why ({len(unproven)})</h3><ul class='unproven'>")
        parts += [
            f"<li><code>{escape(str(item.get('test')))}</code>: {escape(str(item.get('reason')))}</li>"
            for item in unproven
        ]
        parts.append("</ul>")
    parts.append(_cells_html(coverage))
    parts.append(_kept_off_html(coverage))
    parts.append("</section>")
    return "".join(parts)


def _cells_html(coverage: dict[str, Any]) -> str:
    cells = coverage.get("cells") or []
    if not cells:
        return ""
    counts = coverage.get("cell_counts") or {}
    legend = ", ".join(f"{escape(name)}: {int(count)}" for name, count in counts.items())
    rows = "".join(
        f"<tr class='{_CELL_CSS.get(str(cell.get('verdict')), 'unproven')}' "
        f"data-verdict='{escape(str(cell.get('verdict')), quote=True)}'>"
        f"<td>{escape(str(cell.get('principal')))}</td><td><code>{escape(str(cell.get('operation')))}</code></td>"
        f"<td>{escape(str(cell.get('expected')))}</td>"
        f"<td>{_CELL_MARKS.get(str(cell.get('verdict')), '? unproven')}</td>"
        f"<td>{escape(str(cell.get('observed') if cell.get('observed') is not None else 'not sent'))}</td>"
        f"<td>{escape(str(cell.get('why')))}</td></tr>"
        for cell in cells
    )
    return (
        f"<h3>Permission matrix cells</h3><p class='legend'>{legend}</p>"
        "<details><summary>every cell</summary>"
        "<table class='cells'><thead><tr><th>principal</th><th>operation</th><th>expected</th>"
        f"<th>verdict</th><th>status</th><th>why</th></tr></thead><tbody>{rows}</tbody></table></details>"
    )


def _kept_off_html(coverage: dict[str, Any]) -> str:
    rows = coverage.get("writes_kept_off") or []
    if not rows:
        return ""
    total = sum(int(row.get("writes") or 0) for row in rows)
    items = "".join(
        f"<tr><td><code>{escape(str(row.get('operation')))}</code></td><td>{escape(str(row.get('why')))}</td>"
        f"<td>{escape(str(row.get('swapped_for')))}</td><td>{int(row.get('writes') or 0)}</td></tr>"
        for row in rows
    )
    return (
        f"<h3 id='kept-off'>Generated writes kept off known objects ({total})</h3>"
        "<p>A generated write by id that named an object another check relies on was sent to another "
        "id instead, so that check's object stayed in place.</p>"
        "<table class='kept-off'><thead><tr><th>operation</th><th>the id was</th><th>sent instead to</th>"
        f"<th>writes</th></tr></thead><tbody>{items}</tbody></table>"
    )


def left_behind_html(document: dict[str, Any]) -> str:
    left = document.get("left_behind") or []
    head = "<section id='left-behind'><h2>Left behind</h2>"
    if not left:
        return f"{head}<p>Everything the run created was removed.</p></section>"
    items = "".join(
        f"<li><code>{escape(str(item.get('operation')))}</code> "
        f"id <code>{escape(str(item.get('id')))}</code> "
        f"({escape(str(item.get('tenant')))}): {escape(str(item.get('why')))}</li>"
        for item in left
    )
    return f"{head}<p>{len(left)} object(s) the run created and did not remove:</p><ul>{items}</ul></section>"
