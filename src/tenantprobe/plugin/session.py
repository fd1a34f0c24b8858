"""The harness's hooks for one run: outcomes in, findings and reports out."""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from collections.abc import Generator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tenantprobe.core.failures import Finding
from tenantprobe.core.findings import findings_from_exception
from tenantprobe.core.pacing import pacer_for
from tenantprobe.core.report_files import recorded_rows
from tenantprobe.core.state import RunState
from tenantprobe.core.target import EmbeddedTarget
from tenantprobe.families import NAMES, family_named
from tenantprobe.families.contract.workers import group_generated_writes
from tenantprobe.reporting import RunResults, attach_failure, label_item, write_reports
from tenantprobe.reporting.labels import case_parameter, finding_labels, subject_labels
from tenantprobe.reporting.records import write_process_records
from tenantprobe.reporting.scrub import install_allure_scrubber, scrub_tree
from tenantprobe.tenancy.cleanup import remove_created

_FINDINGS = "tenantprobe_findings"
_REQUESTS = "tenantprobe_requests"
_SUBJECTS = "tenantprobe_subjects"
_PACING = "tenantprobe_pacing"


def family_of_item(item: pytest.Item) -> str:
    parts = Path(str(item.path)).parts
    if "suites" in parts:
        index = parts.index("suites")
        if index + 2 < len(parts):  # suites/<family>/test_x.py: the folder must be a family's
            return family_named(parts[index + 1]).name
    return "contract"


def record_subjects(item: pytest.Item, operation: str, principals: list[str]) -> None:
    """Say which operation and principals a test exercised, for the role x operation matrix."""
    item.user_properties[:] = [entry for entry in item.user_properties if entry[0] != _SUBJECTS]
    item.user_properties.append((_SUBJECTS, json.dumps({"operation": operation, "principals": principals})))


def keep_exactly(config: pytest.Config, items: list[pytest.Item], nodeids: list[str]) -> None:
    """``--tp-test NODEID``: keep exactly the tests named, deselect every other one."""
    if not nodeids:
        return
    wanted = set(nodeids)
    kept = [item for item in items if item.nodeid in wanted]
    missing = wanted - {item.nodeid for item in kept}
    if missing:
        raise pytest.UsageError(
            "--tp-test names no collected test: " + ", ".join(sorted(missing)) + " (node ids are "
            "relative to the tenantprobe checkout, as summary.json's `test` field gives them)"
        )
    config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in wanted])
    items[:] = kept


def humane_skip_reasons(items: list[pytest.Item]) -> None:
    """Pytest's "got empty parameter set for (x)" said in words a reader can act on."""
    for item in items:
        mark = item.get_closest_marker("skip")
        reason = str(mark.kwargs.get("reason", "")) if mark is not None else ""
        if reason.startswith("got empty parameter set"):
            item.add_marker(pytest.mark.skip(reason=nothing_to_test(item)), append=False)


def nothing_to_test(item: pytest.Item) -> str:
    """Why a test has no case, from what the test is about (its own ``nothing_to_test`` or its name)."""
    function = getattr(item, "function", None)
    own = getattr(function, "nothing_to_test", None)
    if isinstance(own, str):
        return f"nothing to test: {own}"
    name = getattr(function, "__name__", item.name.partition("[")[0]).removeprefix("test_")
    return (
        f'nothing to test: the spec and tenants.yaml offer no case where "{name.replace("_", " ")}" '
        "applies (no operation, principal or object of that kind)"
    )


class HarnessSession:
    def __init__(
        self,
        config: pytest.Config,
        state: RunState,
        embedded: EmbeddedTarget | None,
        reports: Path,
        shared_ids: Path,
    ) -> None:
        self.config = config
        self.shared_ids = shared_ids
        self.state = state
        self.embedded = embedded
        self.reports = reports
        self.is_worker = hasattr(config, "workerinput")
        self.results = RunResults(started=time.time(), started_at=datetime.now(UTC).isoformat())
        self._requests_seen = 0
        self._announced: set[str] = set()
        self._pacing_seen = (0.0, 0)
        install_allure_scrubber(config.getoption("allure_report_dir", default=None))

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        node.workerinput["tp_base_url"] = self.state.base_url
        node.workerinput["tp_seed"] = self.state.seed
        node.workerinput["tp_shared_ids"] = str(self.shared_ids)
        # the tokens the controller logged in for: workers use (and filter) the same ones
        node.workerinput["tp_tokens"] = dict(self.state.tokens)

    def pytest_report_header(self) -> str:
        return (
            f"tenantprobe: profile {self.state.profile.name}, {self.state.examples} examples per operation, "
            f"seed {self.state.seed} (the same cases again: --seed {self.state.seed})"
        )

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        keep_exactly(self.config, items, self.config.getoption("tp_test", default=[]))
        humane_skip_reasons(items)
        order = {family: index for index, family in enumerate(NAMES)}
        items.sort(key=lambda item: order.get(family_of_item(item), len(order)))
        roles = {p.id: p.role for p in self.state.config.principals()}
        for item in items:
            label_item(item, family_of_item(item))
            subject_labels(item, roles)
        group_generated_writes(items)

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        case_parameter(item)
        budget = self.state.config.target.budget_s
        if time.time() - self.results.started > budget:
            # Said loudly in the summary's skipped list; never counted as a pass.
            pytest.skip(f"the run's time budget (target.budget_s = {budget:g} s) is spent")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        if call.excinfo is not None and report.failed:
            findings = findings_from_exception(call.excinfo.value, family_of_item(item), item.nodeid)
            if findings:
                report.user_properties.append((_FINDINGS, json.dumps([f.asdict() for f in findings])))
                attach_failure(findings, report.longreprtext)
                finding_labels(findings)
        if call.when == "teardown":
            delta = self.state.requests - self._requests_seen
            self._requests_seen = self.state.requests
            report.user_properties.append((_REQUESTS, str(delta)))
            report.user_properties.append((_PACING, json.dumps(self._pacing_delta())))

    def _pacing_delta(self) -> dict[str, Any]:
        """Seconds this test waited for the target's rate limit, and 429s it waited out."""
        pacer = pacer_for(self.state)
        waited, retries = self._pacing_seen
        self._pacing_seen = (pacer.waited_s, pacer.retries)
        return {"waited_s": pacer.waited_s - waited, "retries": pacer.retries - retries,
                "announced": pacer.announced}  # fmt: skip

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not self.is_worker and report.failed:
            self.results.collection_errors.append(
                f"{report.nodeid}: {report.longreprtext.strip().splitlines()[-1]}"
            )

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.is_worker:
            return
        self.results.add_outcome(report)
        for name, value in report.user_properties:
            if name == _FINDINGS:
                found = [Finding.fromdict(item) for item in json.loads(str(value))]
                self.results.findings += found
                self._announce(found)
            elif name == _REQUESTS:
                self.results.requests += int(str(value))
            elif name == _PACING:
                self.results.add_pacing(json.loads(str(value)))
            elif name == _SUBJECTS and report.when == "call":
                self.results.add_subjects(report.nodeid, json.loads(str(value)))
        if report.when == "call":  # the later phases' reports carry the test's records again
            for file, rows in recorded_rows(report.user_properties):
                self.results.add_report_rows(file, rows)

    def _announce(self, findings: list[Finding]) -> None:
        """One console line per finding as soon as it is known, not only in the closing summary."""
        terminal = self.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is None:
            return
        for finding in findings:
            if finding.id in self._announced:
                continue
            self._announced.add(finding.id)
            who = f" · {finding.principal}" if finding.principal else ""
            terminal.write_line(
                f"tenantprobe: finding {finding.id} {finding.suite}/{finding.check} · "
                f"{finding.operation or '-'}{who} · replay: {finding.replay}",
                red=True,
            )

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        # What this process created goes now, while the target is up (at exit only if the run ends before).
        capture = self.config.pluginmanager.get_plugin("capturemanager")
        with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
            remove_created(self.state)
        if self.is_worker:
            # The controller gathers what each worker left behind into summary.json.
            worker = str(getattr(self.config, "workerinput", {}).get("workerid", "worker"))
            write_process_records(self.reports, worker)
            return
        write_reports(self.reports, self.state, self.results, self.config)

    def pytest_unconfigure(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()
            self.embedded = None
        if not self.is_worker:
            shutil.rmtree(self.shared_ids.parent, ignore_errors=True)
            # Every file is written now (junit.xml, the target's log): none may keep a secret.
            alluredir = self.config.getoption("allure_report_dir", default=None)
            for folder in {self.reports.resolve(), *([Path(alluredir).resolve()] if alluredir else [])}:
                scrub_tree(folder)
