"""summary.html in a real headless Chromium: what a person opening it sees."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenantprobe.reporting.html import write_summary_html
from tests.browser.cdp import Browser, file_url, find_chromium
from tests.unit.test_html_summary import document

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RED = "rgb(211, 47, 47)"
GREEN = "rgb(200, 230, 201)"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium installed (Debian: `apt-get install -y chromium`); summary.html not opened")
    folder = tmp_path_factory.mktemp("reports")
    regression = {
        "previous_started_at": "2025-12-31T00:00:00+00:00",
        "fixed": [{"id": "0ldf1nd1ng", "check": "denied", "operation": "GET /x", "principal": "blue/viewer"}],
        "new": [],
        "not_rechecked": [],
    }
    path = write_summary_html(folder, document(regression=regression))
    browser = Browser(executable)
    try:
        browser.open(file_url(path))
        yield browser
    finally:
        browser.close()


def visible_text(page: Browser) -> str:
    return str(page.evaluate("document.body.innerText"))


def test_the_title_and_heading_say_how_many_findings(page: Browser) -> None:
    assert page.evaluate("document.title") == "tenantprobe: 1 finding(s)"
    assert page.evaluate("document.querySelector('h1').innerText") == "tenantprobe: 1 finding(s)"


def test_the_failing_cell_is_red_and_the_passing_one_green(page: Browser) -> None:
    cell = "document.querySelector(\"td[title^='{who} · GET /things/{{id}}:']\")"
    failed = page.evaluate(f"getComputedStyle({cell.format(who='red/viewer')}).backgroundColor")
    passed = page.evaluate(f"getComputedStyle({cell.format(who='blue/viewer')}).backgroundColor")
    assert failed == RED
    assert passed == GREEN


def test_the_finding_is_shown_under_its_category_with_replay_and_request_id(page: Browser) -> None:
    text = visible_text(page)
    assert "Scoping leak (1)" in text
    assert "tenantprobe replay f00dfeed01" in text
    assert "tp-0123456789abcdef" in text
    assert "Expected 404, got `200 OK`" in text


def test_run_metadata_and_fixed_findings_are_visible(page: Browser) -> None:
    text = visible_text(page)
    assert "http://127.0.0.1:9" in text and "seed\t7" in text
    assert "1 fixed" in text and "0ldf1nd1ng" in text


def test_the_page_requests_nothing_but_itself(page: Browser) -> None:
    assert [url for url in page.requested_urls() if not url.startswith("file://")] == []


def test_secrets_are_shown_filtered(page: Browser) -> None:
    assert "Authorization: [Filtered]" in visible_text(page)
