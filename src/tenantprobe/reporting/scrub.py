"""The last line of defence: no known secret stays in any file under the reports folder.

Every writer redacts at its source; these passes also cover what other plugins write — Allure
results and attachments as allure-pytest records them, junit.xml, the target's log.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import allure_commons
import attr

from tenantprobe.core.redact import Redactor, active_redactor


def scrub_file(path: Path, redactor: Redactor) -> bool:
    """Rewrite ``path`` without secrets; True when it held one."""
    try:
        original = path.read_bytes()
    except OSError:
        return False
    cleaned = redactor.data(original)
    if cleaned == original:
        return False
    temporary = path.with_name(path.name + ".scrub")
    temporary.write_bytes(cleaned)
    os.replace(temporary, path)
    return True


def scrub_tree(folder: Path, redactor: Redactor | None = None) -> list[Path]:
    """Scrub every file under ``folder``; the files that held a secret."""
    redactor = redactor or active_redactor()
    if not folder.is_dir():
        return []
    return [path for path in sorted(folder.rglob("*")) if path.is_file() and scrub_file(path, redactor)]


def _scrub_value(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor.text(value)
    if isinstance(value, list):
        value[:] = [_scrub_value(item, redactor) for item in value]
    elif attr.has(type(value)):
        for field in attr.fields(type(value)):
            setattr(value, field.name, _scrub_value(getattr(value, field.name), redactor))
    return value


class AllureScrubber:
    """An Allure plugin: results are redacted before they are written, attachments right after."""

    def __init__(self, results_dir: Path) -> None:
        self.results_dir = results_dir

    @allure_commons.hookimpl(tryfirst=True)
    def report_result(self, result: Any) -> None:
        _scrub_value(result, active_redactor())

    @allure_commons.hookimpl(tryfirst=True)
    def report_container(self, container: Any) -> None:
        _scrub_value(container, active_redactor())

    @allure_commons.hookimpl(trylast=True)
    def report_attached_data(self, body: Any, file_name: str) -> None:
        scrub_file(self.results_dir / file_name, active_redactor())

    @allure_commons.hookimpl(trylast=True)
    def report_attached_file(self, source: Any, file_name: str) -> None:
        scrub_file(self.results_dir / file_name, active_redactor())


def install_allure_scrubber(results_dir: str | None) -> None:
    if results_dir:
        allure_commons.plugin_manager.register(AllureScrubber(Path(results_dir).absolute()))
