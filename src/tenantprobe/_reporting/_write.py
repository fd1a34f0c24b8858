"""Write summary.json (and the other file reports) at the end of a run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tenantprobe._reporting._allure import write_allure_metadata
from tenantprobe._reporting._results import RunResults
from tenantprobe._state import RunState

SUMMARY = "summary.json"


def summary_document(state: RunState, results: RunResults) -> dict[str, Any]:
    findings = results.unique_findings()
    return {
        "target": state.base_url,
        "embedded": state.config.target.embedded,
        "spec_sha256": state.spec_sha256,
        "started_at": results.started_at,
        "duration_s": results.duration(),
        "requests": results.requests,
        "tests": results.counts(),
        "findings": [
            {key: value for key, value in finding.asdict().items() if key != "exchange"}
            for finding in findings
        ],
        "errors": results.failed_without_finding(),
        "skipped": results.skip_reasons,
        "matrix": results.subjects,
    }


def write_reports(folder: Path, state: RunState, results: RunResults, config: pytest.Config) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    document = summary_document(state, results)
    path = folder / SUMMARY
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    detail = folder / "findings"
    detail.mkdir(exist_ok=True)
    for finding in results.unique_findings():
        (detail / f"{finding.id}.json").write_text(json.dumps(finding.asdict(), indent=2), encoding="utf-8")
    alluredir = config.getoption("allure_report_dir", default=None)
    if alluredir:
        write_allure_metadata(Path(alluredir), state)
    try:
        from tenantprobe._reporting._html import write_summary_html
    except ImportError:
        pass
    else:
        write_summary_html(folder, document)
    return path
