"""A test with no case says, in words, what it would have tested."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EMPTY = """
import pytest


@pytest.mark.parametrize(("method", "path"), [])
def test_hostile_strings_in_query_parameters_cause_no_server_error(method, path):
    pass
"""
CONFTEST = """
from tenantprobe.plugin.session import humane_skip_reasons


def pytest_collection_modifyitems(items):
    humane_skip_reasons(items)
"""


def test_an_empty_parameter_set_is_said_in_words(tmp_path: Path) -> None:
    (tmp_path / "test_empty.py").write_text(EMPTY, encoding="utf-8")
    (tmp_path / "conftest.py").write_text(CONFTEST, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-q", "-p", "no:cacheprovider", "-p", "no:tenantprobe", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "nothing to test" in done.stdout, done.stdout + done.stderr
    assert '"hostile strings in query parameters cause no server error"' in done.stdout
    assert "`method`" not in done.stdout and "got empty parameter set" not in done.stdout
