"""The sections of summary.html: run metadata, the matrix, the findings by category."""

from __future__ import annotations

from html import escape
from typing import Any

from tenantprobe.reporting.matrix import OUTCOMES, build_matrix
from tenantprobe.reporting.runbook import CATEGORIES, HARNESS_ERROR, category_of, runbook_link

_MATRIX_HEAD = "<section id='matrix'><h2>Tenant/role × operation</h2>"
_MARKS = {"failed": "✗", "error": "!", "unproven": "?", "passed": "✓", "skipped": "–"}


def metadata_section(document: dict[str, Any]) -> str:
    tests = document.get("tests") or {}
    rows = [
        ("target", document.get("target")),
        ("target build", document.get("target_build") or "-"),
        ("spec sha256", document.get("spec_sha256")),
        ("harness version", document.get("harness_version")),
        ("seed", "-" if document.get("seed") is None else document.get("seed")),
        ("profile", document.get("profile") or "default"),
        ("examples per operation", document.get("examples")),
        ("started at", document.get("started_at")),
        ("duration", f"{document.get('duration_s', 0)} s"),
        ("requests", document.get("requests")),
        (
            "tests",
            f"{tests.get('passed', 0)} passed, {tests.get('failed', 0)} failed, "
            f"{tests.get('skipped', 0)} skipped, {tests.get('unproven', 0)} unproven "
            f"(junit counts unproven as skipped: {tests.get('skipped', 0) + tests.get('unproven', 0)})",
        ),
    ]
    cells = "".join(f"<tr><th>{escape(name)}</th><td>{escape(str(value))}</td></tr>" for name, value in rows)
    return f"<section id='run'><h2>Run</h2><table class='meta'>{cells}</table></section>"


def matrix_section(document: dict[str, Any]) -> str:
    matrix = build_matrix(document)
    if not matrix.cells:
        return f"{_MATRIX_HEAD}<p>No test recorded its subjects.</p></section>"
    legend = "".join(
        f"<span class='{name}'>{_MARKS[name]} {name}: {count}</span>"
        for name, count in matrix.counts().items()
    )
    head = "".join(f"<th class='op' scope='col'>{escape(op)}</th>" for op in matrix.operations)
    rows = []
    for principal in matrix.principals:
        role = matrix.roles.get(principal)
        label = f"{principal} ({role})" if role and not principal.endswith(f"/{role}") else principal
        cells = []
        for operation in matrix.operations:
            outcome = matrix.outcome(principal, operation)
            css = outcome or "none"
            why = matrix.why.get((principal, operation), "")
            title = f"{principal} · {operation}: {outcome or 'not exercised'}" + (f" ({why})" if why else "")
            mark = _MARKS.get(outcome or "", "")
            cells.append(
                f"<td class='{css}' data-outcome='{css}' title='{escape(title, quote=True)}'>{mark}</td>"
            )
        rows.append(f"<tr><th scope='row'>{escape(label)}</th>{''.join(cells)}</tr>")
    return (
        f"{_MATRIX_HEAD}<p class='legend'>{legend}</p>"
        f"<table class='matrix'><thead><tr><th>principal</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def findings_section(document: dict[str, Any], runbook: dict[str, str]) -> str:
    findings = [f for f in document.get("findings") or [] if isinstance(f, dict)]
    if not findings:
        return "<section id='findings'><h2>Findings</h2><p>No findings.</p></section>"
    parts = ["<section id='findings'><h2>Findings by category</h2>"]
    for category in (*CATEGORIES, HARNESS_ERROR):
        own = [f for f in findings if category_of(str(f.get("suite"))) == category]
        if not own:
            continue
        parts.append(
            f"<section class='category' id='category-{category.anchor}'>"
            f"<h2>{escape(category.name)} ({len(own)})</h2>"
        )
        section = runbook.get(category.anchor)
        if section:
            parts.append(
                f"<details><summary>Runbook: {escape(category.name)}</summary>"
                f"<pre>{escape(section)}</pre></details>"
            )
        parts += [_finding(finding) for finding in own]
        parts.append("</section>")
    parts.append("</section>")
    return "".join(parts)


def _finding(finding: dict[str, Any]) -> str:
    who = finding.get("principal") or "-"
    rows = [
        ("check", escape(str(finding.get("check")))),
        ("operation", f"<code>{escape(str(finding.get('operation')))}</code>"),
        ("principal", f"{escape(str(who))} (tenant {escape(str(finding.get('tenant') or '-'))}, "
         f"role {escape(str(finding.get('role') or '-'))})"),
        ("request id", f"<code>{escape(str(finding.get('request_id') or '-'))}</code>"),
        ("replay", f"<code class='replay'>{escape(str(finding.get('replay')))}</code>"),
        ("rerun the test", f"<code>{escape(str(finding.get('rerun') or '-'))}</code>"),
        ("curl", f"<code class='curl'>{escape(str(finding.get('reproduce') or '-'))}</code>"),
        ("runbook", f"<a href='{escape(runbook_link(str(finding.get('suite'))), quote=True)}'>"
         f"{escape(category_of(str(finding.get('suite'))).name)}</a>"),
    ]  # fmt: skip
    table = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
    return (
        f"<article class='finding' id='finding-{escape(str(finding.get('id')), quote=True)}' "
        f"data-outcome='{OUTCOMES[0]}'>"
        f"<h3>{escape(str(finding.get('id')))} · {escape(str(finding.get('check')))}</h3>"
        f"<pre class='message'>{escape(str(finding.get('message')))}</pre><table>{table}</table></article>"
    )
