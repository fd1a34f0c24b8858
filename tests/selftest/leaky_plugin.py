"""A deliberately leaking writer, loaded with ``-p`` into a run by the reports-secrets self-test.

During each test it puts a credential where other plugins write (a junit property, captured
output, an Allure attachment): the harness must scrub those. After the harness's last pass it
writes one more file holding the credential: the scan must see that one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import allure
import pytest

from reference_api.seed import read_demo_env

TOKEN = read_demo_env()["ACME_VIEWER_TOKEN"]
LATE_FILE = Path("late") / "writer.log"


@pytest.fixture(autouse=True)
def _leak_during_the_test(record_property: Callable[[str, object], None]) -> Iterator[None]:
    record_property("leaked_credential", TOKEN)
    print(f"Authorization: Bearer {TOKEN}")
    allure.attach(f"Credentials(token={TOKEN!r})", name="leaky attachment")  # type: ignore[no-untyped-call]
    yield


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        return
    late = Path(str(config.getoption("tp_reports"))) / LATE_FILE
    late.parent.mkdir(parents=True, exist_ok=True)
    late.write_text(f"written after the harness's last pass: {TOKEN}\n", encoding="utf-8")
