"""Send a recorded contract failure again and judge the new response with the same check."""

from __future__ import annotations

from typing import Any

import requests
import schemathesis
import schemathesis.specs.openapi.checks  # noqa: F401  (registers the built-in checks judged below)
from schemathesis.checks import CHECKS
from schemathesis.core import NOT_SET

from tenantprobe.core.client import auth_headers, new_request_id
from tenantprobe.core.config import Config
from tenantprobe.core.failures import split_failures
from tenantprobe.core.redact import active_redactor
from tenantprobe.core.target import EmbeddedTarget, TargetUnavailable, load_spec, spec_location
from tenantprobe.families.contract import NOT_A_SERVER_ERROR
from tenantprobe.openapi.reader import SpecReadError, read_spec
from tenantprobe.reporting.recorded import RecordedRequest, ReplayError

# Checks that judge one response on its own: replaying the request is enough to judge them again.
# The others (data acceptance, auth probes, our passive checks) need how the case was generated or
# what the run learned, so their test is rerun instead.
REQUEST_JUDGED = frozenset(
    {
        NOT_A_SERVER_ERROR,
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "allow_header_conformance",
    }
)


def target_for_replay(config: Config) -> tuple[str, EmbeddedTarget | None]:
    """The configured base URL, or a fresh embedded reference API when none is configured."""
    if not config.target.embedded:
        return config.target.base_url, None
    embedded = EmbeddedTarget.start(config.target.embedded_args)
    return embedded.url, embedded


def judge_request(config: Config, finding: dict[str, Any], request: RecordedRequest) -> bool | None:
    """True: the check fails again; False: it passes now; None: this check is not judged by request."""
    check = str(finding.get("check"))
    if check not in REQUEST_JUDGED or check not in CHECKS.get_all_names():
        return None
    base_url, embedded = target_for_replay(config)
    try:
        return _send_and_judge(config, finding, request, base_url)
    finally:
        if embedded is not None:
            embedded.stop()


def _send_and_judge(
    config: Config, finding: dict[str, Any], request: RecordedRequest, base_url: str
) -> bool | None:
    location = spec_location(base_url, config.target.spec, config.root)
    spec, _ = load_spec(location, config.target.timeout_s)
    try:
        reading = read_spec(spec, location, config, base_url)
    except SpecReadError as error:
        raise ReplayError(str(error)) from error
    schema = schemathesis.openapi.from_dict(reading.spec)
    schema.config.update(base_url=reading.routes.base)
    schema.config.generation.update(with_security_parameters=False)
    method, _, template = str(finding.get("operation")).partition(" ")
    try:
        operation = schema[template][method.upper()]
    except KeyError as error:
        missing = f"the target's spec has no operation `{finding.get('operation')}` any more"
        raise ReplayError(missing) from error
    parameters = request.path_parameters(template)
    if parameters is None:
        raise ReplayError(f"the recorded path `{request.path}` does not fit `{template}`")
    if request.filtered:
        print("  note: a credential was filtered out of the recorded URL or body; it is sent as recorded")
    principal = config.principal(str(finding["principal"]))
    headers = _without(request.headers, config.request_id_header)
    sent = auth_headers(config, principal)
    if config.request_id_header:
        sent[config.request_id_header] = new_request_id()
    media_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    body: Any = NOT_SET
    if request.body:
        parsed = request.json_body()
        body = parsed if parsed is not None and "json" in (media_type or "json") else request.body
    case = operation.Case(
        path_parameters=parameters,
        query=_grouped(request.query),
        headers=headers,
        body=body,
        media_type=media_type or ("application/json" if body is not NOT_SET else None),
    )
    try:
        response = case.call(
            base_url=reading.routes.base_for(method, template),
            headers=dict(sent),
            timeout=config.target.timeout_s,
        )
    except requests.RequestException as error:
        raise TargetUnavailable(f"{base_url}: {error}") from error
    recorded = (finding.get("exchange") or {}).get("status")
    redactor = active_redactor()
    print(f"  sent: {request.method} {redactor.text(str(response.request.url))} as {principal.id}")
    print(f"  answer: {response.status_code} (recorded: {recorded})")
    if _object_gone(method, template, recorded, response.status_code):
        print("  the object the recorded write acted on is gone (the run made it, or the write removed it):")
        print("  resending proves nothing either way; the test is rerun instead")
        return None
    try:
        judge: Any = CHECKS.get_one(str(finding["check"]))
        case.validate_response(response, checks=[judge], headers=dict(sent))
    except BaseException as error:  # schemathesis raises a group of failures
        failures = split_failures(error)
        if not failures:
            raise
        for failure in failures:
            first_line = (redactor.text(failure.message or "").splitlines() or [""])[0]
            print(f"  {failure.title}: {first_line}")
        return True
    return False


def _object_gone(method: str, template: str, recorded: Any, status: int) -> bool:
    """A write by id that succeeded when recorded and now finds nothing: its object no longer exists."""
    by_id = template.rstrip("/").endswith("}")
    succeeded = isinstance(recorded, int) and 200 <= recorded < 300
    return method.upper() in ("DELETE", "PATCH", "PUT") and by_id and succeeded and status == 404


def _without(headers: dict[str, str], name: str | None) -> dict[str, str]:
    return {key: value for key, value in headers.items() if not name or key.lower() != name.lower()}


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    grouped: dict[str, Any] = {}
    for key, value in pairs:
        if key in grouped:
            existing = grouped[key]
            grouped[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            grouped[key] = value
    return grouped
