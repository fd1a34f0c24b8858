"""The spec is fit for SDK generators, a generated client works, and nothing breaks its users.

- lint: what makes generators fail or produce unusable clients (one test per rule);
- a Python client generated with openapi-python-client (offline) reads the identity probe and one
  listing as a non-admin principal, and parses what the target answers;
- breaking changes against ``sdk.baseline_spec`` (tenants.yaml): findings; additive changes are
  written to ``<reports>/sdk-diff.txt`` as information.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tenantprobe import (
    LINT_RULES,
    BaselineUnreadable,
    GeneratedClient,
    GenerationFailed,
    ProbeFailure,
    RunState,
    SdkCall,
    breaking_changes,
    call_through_client,
    choose_subject,
    first_list_length,
    generate_client,
    harness_state,
    list_operations,
    module_name,
    own_tenant_arguments,
    parsed_value,
    raise_all,
    sdk_settings,
    tenant_path_parameter,
)

FAMILY = "sdk"
_state = harness_state()
SETTINGS = sdk_settings(_state.config)


@pytest.mark.parametrize("rule", list(LINT_RULES))
def test_spec_fits_sdk_generators(tp_state: RunState, rule: str) -> None:
    if rule in SETTINGS.lint_ignore:
        pytest.skip(f"`{rule}` is listed in sdk.lint_ignore")
    problems = LINT_RULES[rule](tp_state.spec)
    raise_all(
        [ProbeFailure(family=FAMILY, check=rule, message=p.message, operation=p.operation) for p in problems]
    )


@functools.cache
def _generate(folder: Path) -> GeneratedClient | GenerationFailed:
    try:
        return generate_client(_state.spec, folder, SETTINGS.generator_timeout_s)
    except GenerationFailed as failed:
        return failed


@pytest.fixture(scope="module")
def generated_or_failure(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[GeneratedClient | GenerationFailed]:
    if not SETTINGS.generate_client:
        pytest.skip("sdk.generate_client is false")
    outcome = _generate(tmp_path_factory.mktemp("sdk"))
    yield outcome
    if isinstance(outcome, GeneratedClient):
        outcome.unload()


@pytest.fixture(scope="module")
def generated(generated_or_failure: GeneratedClient | GenerationFailed) -> GeneratedClient:
    if isinstance(generated_or_failure, GenerationFailed):
        pytest.skip("no generated client (see test_client_generates_from_the_spec)")
    return generated_or_failure


def test_client_generates_from_the_spec(generated_or_failure: GeneratedClient | GenerationFailed) -> None:
    if isinstance(generated_or_failure, GenerationFailed):
        message = f"openapi-python-client could not generate a client: {generated_or_failure}"
        raise ProbeFailure(family=FAMILY, check="client_generates", message=message)
    if generated_or_failure.warnings:
        skipped = "\n".join(f"  {line}" for line in generated_or_failure.warnings[:20])
        message = f"openapi-python-client skipped parts of the spec; SDK users lose them:\n{skipped}"
        raise ProbeFailure(family=FAMILY, check="client_generates", message=message)


def test_generated_modules_import(tp_state: RunState, generated: GeneratedClient) -> None:
    operation_ids = {
        f"{method.upper()} {path}": operation.get("operationId", "")
        for path, item in (tp_state.spec.get("paths") or {}).items()
        for method, operation in (item or {}).items()
        if isinstance(operation, dict)
    }
    skipped = {module_name(operation_ids.get(key) or "") for key in SETTINGS.skip_operations}
    _, broken = generated.operation_modules()
    failures = [
        ProbeFailure(
            family=FAMILY,
            check="client_generates",
            message=f"the generated module `{name}` does not import ({error}): SDK users calling it crash",
        )
        for name, error in sorted(broken.items())
        if name not in skipped
    ]
    raise_all(failures)
    known = sorted(set(broken) & skipped)
    if known:
        pytest.skip(f"every module imports but {', '.join(known)}, left out by sdk.skip_operations")


def _failure(call: SdkCall, message: str) -> ProbeFailure:
    return ProbeFailure(
        family=FAMILY,
        check="client_works",
        message=f"Through the generated client, `{call.operation}` as `{call.principal}`: {message}",
        operation=call.operation,
        principal=call.principal,
        exchange=call.exchange,
    )


def _subject(tp_state: RunState) -> tuple[str, str]:
    identity = tp_state.config.identity
    exclude = identity.path if identity else ""
    candidates = list_operations(tp_state.spec, exclude, tenant_path_parameter(tp_state))
    if SETTINGS.list_operation:
        candidates = [SETTINGS.list_operation]
    try:
        chosen = choose_subject(tp_state.config, tp_state.spec, candidates, SETTINGS.principal)
    except KeyError as error:
        pytest.fail(f"sdk.principal: {error.args[0]}", pytrace=False)
    if chosen is None:
        pytest.skip(
            "no GET listing without path parameters (but the tenant's) that a non-admin principal may call "
            "(set sdk.list_operation)"
        )
    return chosen[0], chosen[1].id


def _call(tp_state: RunState, generated: GeneratedClient, key: str, principal_id: str) -> SdkCall:
    principal = tp_state.config.principal(principal_id)
    token = tp_state.tokens.get(principal.id)
    tp_state.count_request()
    tenant = own_tenant_arguments(tp_state, principal)
    base = tp_state.routes.base
    return call_through_client(generated, tp_state.config, base, principal, token, key, tenant)


def test_generated_client_reads_the_identity_probe(tp_state: RunState, generated: GeneratedClient) -> None:
    identity = tp_state.config.identity
    if identity is None:
        pytest.skip("tenants.yaml has no `identity` block")
    _, principal_id = _subject(tp_state)
    call = _call(tp_state, generated, f"GET {identity.path}", principal_id)
    if call.problem:
        raise _failure(call, call.problem)
    tenant = tp_state.config.tenants[tp_state.config.principal(principal_id).tenant]
    if identity.tenant_key:
        got = parsed_value(call.parsed, identity.tenant_key)
        if str(got) != tenant.key:
            raise _failure(
                call,
                f"expected tenant key `{tenant.key}` at `{identity.tenant_key}`, the client parsed `{got}`",
            )


def test_generated_client_lists_as_a_non_admin(tp_state: RunState, generated: GeneratedClient) -> None:
    key, principal_id = _subject(tp_state)
    call = _call(tp_state, generated, key, principal_id)
    if call.problem:
        raise _failure(call, call.problem)
    sent = first_list_length(call.exchange.json()) if call.exchange else None
    parsed = first_list_length(call.parsed)
    if sent != parsed:
        raise _failure(call, f"the target sent {sent} item(s), the client parsed {parsed}")


def test_no_breaking_changes_against_the_baseline_spec(
    tp_state: RunState, request: pytest.FixtureRequest
) -> None:
    if SETTINGS.baseline_spec is None:
        pytest.skip(
            "sdk.baseline_spec is not set: name the spec your SDK users built against to compare with it"
        )
    try:
        failures = breaking_changes(request.node, tp_state.config, tp_state.base_url, tp_state.spec)
    except BaselineUnreadable as error:
        pytest.fail(str(error), pytrace=False)
    raise_all(failures)
