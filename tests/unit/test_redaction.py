"""No credential reaches an output: headers, bodies, URLs and curl lines show `[Filtered]`."""

from __future__ import annotations

from tenantprobe.core.exchange import Exchange
from tenantprobe.core.redact import FILTERED, Redactor

SECRET = "7|s3cr3t-token-value-abcdef"


def exchange() -> Exchange:
    return Exchange(
        method="POST",
        url=f"http://127.0.0.1:1/hook?token={SECRET}",
        request_headers={"Authorization": f"Bearer {SECRET}", "X-Api-Key": "k-123456", "Accept": "*/*"},
        request_body=f'{{"secret": "{SECRET}"}}'.encode(),
        status=200,
        response_headers={"Set-Cookie": "session=abc", "X-Request-Id": "tp-1"},
        response_body=f"echo {SECRET}".encode(),
    )


def test_curl_line_filters_credentials_in_headers_url_and_body() -> None:
    curl = exchange().curl(Redactor([SECRET]))
    assert SECRET not in curl
    assert f"Authorization: {FILTERED}" in curl
    assert f"X-Api-Key: {FILTERED}" in curl
    assert "Accept: */*" in curl


def test_redacted_exchange_keeps_request_id_and_filters_everything_secret() -> None:
    data = exchange().redacted(Redactor([SECRET]))
    assert SECRET not in repr(data)
    assert data["response_headers"]["Set-Cookie"] == FILTERED
    assert data["response_headers"]["X-Request-Id"] == "tp-1"
    assert exchange().request_id("x-request-id") == "tp-1"


def test_longer_secret_is_replaced_whole_when_it_contains_a_shorter_one() -> None:
    redactor = Redactor(["abcd", "abcdefgh"])
    assert redactor.text("xabcdefghx") == f"x{FILTERED}x"
