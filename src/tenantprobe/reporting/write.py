"""Write summary.json (and the other file reports) at the end of a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tenantprobe.core import __version__
from tenantprobe.core.redact import active_redactor
from tenantprobe.core.state import RunState
from tenantprobe.families import FAMILIES
from tenantprobe.families.rbac import PERMISSION_MATRIX
from tenantprobe.reporting.allure import tag_failure_messages, write_allure_metadata
from tenantprobe.reporting.compare import compare_with_previous, previous_summary
from tenantprobe.reporting.coverage import coverage_section
from tenantprobe.reporting.records import gathered_kept_off, gathered_left_behind
from tenantprobe.reporting.results import RunResults
from tenantprobe.reporting.runbook import category_of, runbook_link
from tenantprobe.reporting.selection import rerun_command, run_options

SUMMARY = "summary.json"


def summary_document(
    state: RunState, results: RunResults, previous: dict[str, Any] | None = None
) -> dict[str, Any]:
    options = run_options(
        str(state.config.source.resolve()),
        None if state.config.target.embedded else active_redactor().text(state.base_url),
        state.seed,
        state.examples,
    )
    findings = [
        {key: value for key, value in finding.asdict().items() if key != "exchange"}
        | {"category": category_of(finding.suite).name, "runbook": runbook_link(finding.suite)}
        | {"rerun": rerun_command(finding.test, options)}
        for finding in results.unique_findings()
    ]
    unproven = results.unproven()
    cells = results.report_rows.get(PERMISSION_MATRIX.name, [])
    return {
        "target": state.base_url,
        "embedded": state.config.target.embedded,
        "target_build": state.config.target.build,
        "spec_sha256": state.spec_sha256,
        "harness_version": __version__,
        "seed": state.seed,
        "profile": state.profile.name,
        "examples": state.examples,
        "started_at": results.started_at,
        "duration_s": results.duration(),
        "requests": results.requests,
        "pacing": results.pacing(),
        "tests": results.counts(),
        "findings": findings,
        "errors": results.failed_without_finding() + undeclared_report_files(results),
        "skipped": results.skip_reasons,
        "unproven": unproven,
        "coverage": coverage_section(results.outcomes, unproven, cells, results.kept_off),
        "left_behind": results.left_behind,
        "matrix": results.subjects,
        "principals": {principal.id: principal.role for principal in state.config.principals()},
        "outcomes": results.outcomes,
        "regression": compare_with_previous(findings, results.outcomes, previous),
    }


def write_family_files(folder: Path, results: RunResults) -> None:
    """Each family's own files (its record's ``reports``), once, from what every worker recorded."""
    for family in FAMILIES:
        for file in family.reports:
            rows = results.report_rows.get(file.name)
            if rows:
                (folder / file.name).write_text(file.render(rows), encoding="utf-8")


def undeclared_report_files(results: RunResults) -> list[str]:
    """Rows recorded for a file no family declares: a harness error, never a file silently lost."""
    declared = {file.name for family in FAMILIES for file in family.reports}
    return [
        f"{len(rows)} row(s) recorded for `{name}`, a file no family record declares in its `reports`"
        for name, rows in sorted(results.report_rows.items())
        if name not in declared
    ]


def write_reports(folder: Path, state: RunState, results: RunResults, config: pytest.Config) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    results.left_behind = gathered_left_behind(folder)
    results.kept_off = gathered_kept_off(folder)
    document = summary_document(state, results, previous_summary(folder, SUMMARY))
    path = folder / SUMMARY
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    write_family_files(folder, results)
    detail = folder / "findings"
    detail.mkdir(exist_ok=True)
    for finding in results.unique_findings():
        (detail / f"{finding.id}.json").write_text(json.dumps(finding.asdict(), indent=2), encoding="utf-8")
    alluredir = config.getoption("allure_report_dir", default=None)
    if alluredir:
        write_allure_metadata(Path(alluredir), state)
        tag_failure_messages(Path(alluredir), results.findings)
    try:
        from tenantprobe.reporting.html import write_summary_html
    except ImportError:
        pass
    else:
        write_summary_html(folder, document)
    return path
