"""summary.html: one self-contained page a person reads first (no network, no external assets)."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from tenantprobe.reporting.html_coverage import coverage_html, left_behind_html
from tenantprobe.reporting.html_parts import findings_section, matrix_section, metadata_section
from tenantprobe.reporting.runbook import runbook_sections

SUMMARY_HTML = "summary.html"
_REGRESSION_HEAD = "<section id='regression'><h2>Since the previous run</h2>"
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem;color:#1d1d1f;background:#fff}
h1{font-size:1.5rem;margin:0 0 .5rem} h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse} th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.matrix th.op{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:normal}
.matrix td{text-align:center;min-width:1.6rem}
.failed{background:#d32f2f;color:#fff} .error{background:#f57c00;color:#fff}
.passed{background:#c8e6c9;color:#1b5e20} .skipped{background:#e0e0e0;color:#555}
.unproven{background:#fff3cd;color:#7a5b00}
.none{background:#fff;color:#bbb}
.finding{border:1px solid #ddd;border-left:6px solid #d32f2f;padding:.5rem 1rem;margin:.75rem 0}
.fixed{border-left-color:#2e7d32}
code,pre{font:12px/1.4 ui-monospace,monospace;background:#f5f5f5;padding:.1rem .3rem}
pre{white-space:pre-wrap;word-break:break-all;padding:.5rem}
.verdict{font-size:1.1rem;font-weight:bold} .legend span{padding:.1rem .5rem;margin-right:.5rem}
"""


def render_summary_html(document: dict[str, Any], runbook: dict[str, str] | None = None) -> str:
    findings = document.get("findings") or []
    verdict = f"{len(findings)} finding(s)" if findings else "no findings"
    unproven = int((document.get("tests") or {}).get("unproven", 0))
    verdict += f", {unproven} unproven" if unproven else ""
    body = "\n".join(
        [
            f"<h1>tenantprobe: {escape(verdict)}</h1>",
            metadata_section(document),
            _regression_section(document),
            matrix_section(document),
            coverage_html(document),
            findings_section(document, runbook if runbook is not None else runbook_sections()),
            left_behind_html(document),
            _errors_section(document),
        ]
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>\n"
        # Nothing on this page may reach the network: no scripts, images, fonts or frames.
        f"<meta http-equiv='Content-Security-Policy' content=\"{_POLICY}\">\n"
        f"<title>tenantprobe: {escape(verdict)}</title>\n<style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def write_summary_html(folder: Path, document: dict[str, Any]) -> Path:
    path = folder / SUMMARY_HTML
    path.write_text(render_summary_html(document), encoding="utf-8")
    return path


def _regression_section(document: dict[str, Any]) -> str:
    regression = document.get("regression") or {}
    if not regression.get("previous_started_at"):
        return f"{_REGRESSION_HEAD}<p>No previous run to compare with.</p></section>"
    fixed = regression.get("fixed") or []
    items = "".join(
        f"<li class='finding fixed'>fixed: <code>{escape(str(item.get('id')))}</code> "
        f"{escape(str(item.get('check')))} · {escape(str(item.get('operation')))} · "
        f"{escape(str(item.get('principal') or '-'))}</li>"
        for item in fixed
    )
    new = regression.get("new") or []
    unchecked = regression.get("not_rechecked") or []
    return (
        f"{_REGRESSION_HEAD}<p>Compared with the run of {escape(str(regression['previous_started_at']))}: "
        f"<strong>{len(fixed)} fixed</strong>, {len(new)} new, "
        f"{len(unchecked)} not rechecked (their tests did not run).</p>"
        f"<ul>{items}</ul></section>"
    )


def _errors_section(document: dict[str, Any]) -> str:
    errors = document.get("errors") or []
    unproven = {str(item.get("test")) for item in document.get("unproven") or []}
    skipped = {k: v for k, v in (document.get("skipped") or {}).items() if k not in unproven}
    parts = ["<section id='harness'><h2>Harness errors and skips</h2>"]
    if errors:
        parts.append("<p>Tests that failed without a finding (a harness or target error):</p><ul>")
        parts += [f"<li><code>{escape(str(nodeid))}</code></li>" for nodeid in errors]
        parts.append("</ul>")
    if skipped:
        parts.append("<p>Skipped, and why:</p><ul>")
        parts += [
            f"<li><code>{escape(nodeid)}</code>: {escape(str(reason))}</li>"
            for nodeid, reason in sorted(skipped.items())
        ]
        parts.append("</ul>")
    if not errors and not skipped:
        parts.append("<p>None.</p>")
    parts.append("</section>")
    return "".join(parts)
