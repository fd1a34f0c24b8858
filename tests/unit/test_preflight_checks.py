"""Actionable errors and request-id clues: the shape rules, and the passive checks on real exchanges."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tenantprobe import Exchange, ProbeFailure, RunState, load_config
from tenantprobe.core.checks import CheckContext
from tenantprobe.families.preflight.checks import error_actionable, request_id_echoed, request_id_present
from tenantprobe.families.preflight.error_shape import error_shape_problem

ROOT = Path(__file__).resolve().parents[2]
LARAVEL_422 = {"message": "The name field is required.", "errors": {"name": ["The name field is required."]}}
PROBLEM_422 = {
    "title": "Invalid",
    "detail": "name is missing",
    "errors": [{"pointer": "/name", "detail": "x"}],
}


def _body(document: object) -> bytes:
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    ("error_format", "status", "content_type", "body"),
    [
        ("laravel", 404, "application/json", _body({"message": "Customer not found."})),
        ("laravel", 422, "application/json", _body(LARAVEL_422)),
        ("problem", 404, "application/problem+json", _body({"title": "Not found", "status": 404})),
        ("problem", 422, "application/problem+json", _body(PROBLEM_422)),
        ("any", 403, "application/json", _body({"error": {"message": "Forbidden"}})),
        ("any", 422, "application/json", _body({"detail": [{"loc": ["body", "name"], "msg": "required"}]})),
    ],
)
def test_actionable_errors_pass(error_format: str, status: int, content_type: str, body: bytes) -> None:
    assert error_shape_problem(error_format, status, content_type, body) is None


@pytest.mark.parametrize(
    ("error_format", "status", "content_type", "body", "expected"),
    [
        ("laravel", 404, "application/json", b"", "empty"),
        ("any", 500, "text/html", b"<h1>Server Error</h1>", "not JSON"),
        ("laravel", 404, "application/json", _body(["x"]), "not an object"),
        ("laravel", 403, "application/json", _body({"message": "  "}), "`message`"),
        ("laravel", 422, "application/json", _body({"message": "Invalid."}), "naming the invalid fields"),
        ("laravel", 422, "application/json", _body({"message": "Invalid.", "errors": {}}), "naming"),
        ("problem", 404, "application/json", _body({"title": "Not found"}), "application/problem+json"),
        ("problem", 404, "application/problem+json", _body({"type": "about:blank"}), "`title` or `detail`"),
        ("problem", 422, "application/problem+json", _body({"title": "Invalid"}), "naming the invalid"),
        ("any", 400, "application/json", _body({"code": 17}), "no human-readable message"),
        ("any", 422, "application/json", _body({"message": "Invalid."}), "names no field"),
    ],
)
def test_unactionable_errors_say_why(
    error_format: str, status: int, content_type: str, body: bytes, expected: str
) -> None:
    problem = error_shape_problem(error_format, status, content_type, body)
    assert problem is not None and expected in problem


# Generated bodies that once raised a false `error_actionable` on the clean reference API: each sends
# a member named "" (among non-ASCII keys), and the 422 names exactly that field, as `""`.
SENT_EMPTY_NAME = (
    '{"formats": {}, "": {"q\\u0006\\u0083j\\udbf3\\udf75\\u00d2": {}}, "h": [15876364991, null, null]}',
    '{"\\u00c8\\ud944\\ude7b": [1540], "": {"\\u008b\\u001f": -7.9e+34}, "scheme": [], "notes": null}',
    '{"z\\u00e7\\u00c0\\ud862\\udc0b\\u00f6": {}, "m\\u00f0": {}, "\\u0084": [], "": 1}',
    '{"name": "x", "nested": [{"": true}]}',
)
NAMES_THE_EMPTY_FIELD = {
    "message": "The name field is required. (and 1 more error)",
    "errors": {"name": ["The name field is required."], "": ['The field named "" is prohibited.']},
}


@pytest.mark.parametrize("request_body", SENT_EMPTY_NAME)
@pytest.mark.parametrize(
    ("error_format", "content_type", "document"),
    [
        ("laravel", "application/json", NAMES_THE_EMPTY_FIELD),
        (
            "problem",
            "application/problem+json",
            {"title": "Invalid", "errors": [{"pointer": "", "detail": "x"}]},
        ),
        ("any", "application/json", {"message": "Invalid.", "errors": {"": ["prohibited"]}}),
    ],
)
def test_a_validation_error_may_name_a_field_called_empty_when_the_request_sent_one(
    error_format: str, content_type: str, document: dict[str, object], request_body: str
) -> None:
    body = _body(document)
    assert error_shape_problem(error_format, 422, content_type, body, request_body.encode()) is None


@pytest.mark.parametrize("request_body", [None, b"", b'{"name": ""}', b"not json", b'[{"a": {"b": 1}}]'])
def test_an_empty_field_name_the_request_did_not_send_names_no_field(request_body: bytes | None) -> None:
    problem = error_shape_problem(
        "laravel", 422, "application/json", _body(NAMES_THE_EMPTY_FIELD), request_body
    )
    assert problem is not None and "naming the invalid fields" in problem


@pytest.fixture(scope="module")
def context() -> CheckContext:
    config = load_config(ROOT / "tenants.yaml", target_url="http://127.0.0.1:9")
    state = RunState(config=config, base_url="http://127.0.0.1:9", spec={}, spec_sha256="")
    return CheckContext(state, config.principal("acme/viewer"), "GET /things/{id}")


def _exchange(
    status: int, *, sent: str | None = "tp-1", received: str | None = "tp-1", body: bytes = b""
) -> Exchange:
    request_headers = {"X-Request-Id": sent} if sent else {}
    response_headers = {"content-type": "application/json"}
    if received:
        response_headers["x-request-id"] = received
    return Exchange(
        "GET", "http://127.0.0.1:9/things/1", request_headers, None, status, response_headers, body
    )


def test_request_id_present_fails_on_an_error_without_the_header(context: CheckContext) -> None:
    with pytest.raises(ProbeFailure) as caught:
        request_id_present(context, _exchange(404, received=None, body=_body({"message": "Not found."})))
    assert caught.value.check == "request_id_present" and caught.value.family == "preflight"
    assert "`X-Request-Id`" in caught.value.message and "404 Not Found" in caught.value.message
    assert "`acme/viewer`" in caught.value.message


def test_request_id_echoed_fails_when_the_client_id_is_replaced(context: CheckContext) -> None:
    with pytest.raises(ProbeFailure, match="tp-1"):
        request_id_echoed(context, _exchange(200, sent="tp-1", received="srv-9"))


def test_request_id_checks_pass_when_echoed_and_ignore_odd_client_ids(context: CheckContext) -> None:
    request_id_present(context, _exchange(200))
    request_id_echoed(context, _exchange(200))
    request_id_echoed(context, _exchange(200, sent="bad id with spaces", received="srv-9"))
    request_id_echoed(context, _exchange(200, sent=None, received="srv-9"))


def test_error_actionable_judges_field_names_against_the_request_that_was_sent(context: CheckContext) -> None:
    sent = SENT_EMPTY_NAME[0].encode()
    exchange = _exchange(422, body=_body(NAMES_THE_EMPTY_FIELD))
    with pytest.raises(ProbeFailure, match="naming the invalid fields"):
        error_actionable(context, exchange)
    exchange.request_body = sent
    error_actionable(context, exchange)


def test_error_actionable_fails_on_an_empty_404_and_passes_on_success(context: CheckContext) -> None:
    with pytest.raises(ProbeFailure) as caught:
        error_actionable(context, _exchange(404))
    assert caught.value.check == "error_actionable" and "empty" in caught.value.message
    error_actionable(context, _exchange(200))
    error_actionable(context, _exchange(404, body=_body({"message": "Not found."})))
