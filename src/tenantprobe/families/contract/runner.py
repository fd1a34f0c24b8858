"""The contract suite's engine: one generated case, sent as every principal under test.

Generation is what costs (not the network), so a case is generated once and sent for each
non-admin principal; failures keep who sent the request, so a finding names tenant and role.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.core.failures import Failure, reason_phrase
from schemathesis.specs.openapi import checks as openapi_checks

from tenantprobe.core.budget import request_timeout
from tenantprobe.core.checks import exchange_from_schemathesis
from tenantprobe.core.client import auth_headers, new_request_id
from tenantprobe.core.config import Principal
from tenantprobe.core.failures import ProbeFailure, check_name, family_of, raise_all, split_failures
from tenantprobe.core.ledger import generated_request_allowed, interrupt_after_bookkeeping, note_created
from tenantprobe.core.paced_transports import anonymous_retry_hook, paced_session
from tenantprobe.core.pacing import ANONYMOUS, current_pacer
from tenantprobe.core.state import RunState, acting_as
from tenantprobe.families.contract.aim import WriteAim
from tenantprobe.families.contract.hostile import HEADER_SAFE_STRINGS, HOSTILE_STRINGS, unicode_places
from tenantprobe.families.contract.references import ReferenceFiller
from tenantprobe.families.contract.streams import cap_streams, stream_timeout, streaming_operations
from tenantprobe.families.contract.tenant_parameter import (
    fixed_tenant_parameter,
    in_own_tenant,
    invalid_only_where_harness_sets,
    names_a_made_up_tenant,
)
from tenantprobe.tenancy.canaries import CanarySet
from tenantprobe.tenancy.cleanup import undeletable_creations, undeletable_reason


def contract_schema(state: RunState) -> Any:
    """The schemathesis schema of the target, loaded once per process from the fetched spec."""
    probability = state.profile.hostile_probability
    drawn = {"dictionary": "hostile", "probability": probability}
    # Query, path and body strings by name also get the Unicode classics; the tenant parameter of a
    # path carrier stays fixed to a real tenant (it is set per principal before sending).
    parameters: dict[str, Any] = {place: drawn for place in unicode_places(state.spec)}
    parameters.update(fixed_tenant_parameter(state).get("parameters", {}))
    config = schemathesis.Config.from_dict(
        {
            "dictionaries": {
                # Every string of any place, headers included: ASCII, as HTTP sends headers as Latin-1.
                "header_safe": {"values": list(HEADER_SAFE_STRINGS)},
                "hostile": {"values": list(HOSTILE_STRINGS)},
            },
            "generation": {
                "dictionaries": {"string": {"dictionary": "header_safe", "probability": probability}}
            },
            "parameters": parameters,
        }
    )
    schema: Any = schemathesis.openapi.from_dict(state.spec, config=config)
    schema.config.update(base_url=state.routes.base)
    # Keep the principal's credential on every request: `ignored_auth` covers the anonymous case.
    schema.config.generation.update(with_security_parameters=False)
    if state.config.target.mode != "local":
        # Staging and production: no generated write to what the run did not create.
        settings, carrier = state.config, state.carrier
        schema = schema.include(
            func=lambda ctx: generated_request_allowed(
                settings, ctx.operation.method, ctx.operation.path, carrier
            )
        )
    return schema


# Variables through which the environment can change where or how a request goes.
_ENVIRONMENT_SETTINGS = ("proxy", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")


def keep_alive_session() -> requests.Session:
    """A keep-alive session; without proxy or CA variables set, it skips re-reading the environment.

    `requests` scans every environment variable for proxies on each request (a tenth of a contract
    run's time in profiles); with none set, the scan cannot change anything. `trust_env` off also
    keeps ~/.netrc from adding credentials to requests meant to carry none (anonymous probes).
    """
    session = requests.Session()
    if not any(marker.lower() in name.lower() for name in os.environ for marker in _ENVIRONMENT_SETTINGS):
        session.trust_env = False
    return session


class ContractRunner:
    """Sends each case as every principal, validates each response, reports failures per principal."""

    def __init__(
        self, state: RunState, principals: list[Principal], canaries: CanarySet | None = None
    ) -> None:
        self.state = state
        self.references = ReferenceFiller(state, canaries)
        self.principals = principals
        cap = state.config.target.max_body_bytes
        # Paced: each principal's requests stay within its announced limit; a 429 is waited out.
        self._sessions = {
            p.id: paced_session(cap_streams(keep_alive_session(), cap), p.id) for p in principals
        }
        self._streams = streaming_operations(state.spec)
        self._by_role: dict[str, list[Principal]] = {}
        for principal in principals:
            self._by_role.setdefault(principal.role, []).append(principal)
        # Per operation, so a case reaches the same principal whatever ran before in this worker.
        self._rotation: dict[str, int] = {}
        # Operations whose anonymous probe (`ignored_auth`) saw authentication enforced: like
        # schemathesis' own runner, one confirmation per operation is enough.
        self._auth_confirmed: set[str] = set()
        # Generated writes by id never land on an object another test relies on (or seeded data).
        self.aim = WriteAim(state, canaries)
        # cases not sent: their tenant parameter was generated, or they were invalid only in a
        # header the harness sets (the tenant selector, pinned headers)
        self.made_up_tenant = 0
        # Signed inbound receivers cannot accept generated data (no valid signature): the webhooks
        # suite sends them genuine requests; here they are judged on everything but acceptance.
        inbound = state.config.block("webhooks").get("inbound")
        self._signed_operations = {inbound.get("operation")} if isinstance(inbound, dict) else set()
        # Outside local mode, creations the run could not remove again are not sent.
        self._undeletable = undeletable_creations(state)

    def recipients(self, case: Any) -> list[Principal]:
        """Who receives this case: every principal for generated valid data; one per role otherwise.

        Boundary (coverage-phase) and invalid cases are many and answer by role, not by tenant, so
        one principal of each role gets each of them, rotating through the tenants.
        """
        meta = getattr(case, "meta", None)
        if meta is None or (meta.phase.name.value == "fuzzing" and meta.generation.mode.value == "positive"):
            return self.principals
        label = f"{case.operation.method.upper()} {case.operation.path}"
        turn = self._rotation[label] = self._rotation.get(label, 0) + 1
        return [group[turn % len(group)] for group in self._by_role.values()]

    def close(self) -> None:
        for session in self._sessions.values():
            session.close()
        self.aim.close()

    def _headers_of(self, principal: Principal) -> dict[str, str]:
        return auth_headers(self.state.config, principal, self.state.tokens.get(principal.id))

    def run(self, case: Any) -> None:
        failures: list[Failure] = []
        config = self.state.config
        operation = case.operation
        label = f"{operation.method.upper()} {operation.path}"
        if config.target.mode != "local" and not _sendable(self.state, case.method, operation):
            return  # an undeclared method (coverage phase) may do anything on a real deployment
        if label in self._undeletable:
            pytest.skip(undeletable_reason(config.target.mode, label))
        recipients = self.recipients(case)
        self.aim.aim(case, recipients[0].tenant if recipients else None)
        if names_a_made_up_tenant(self.state, case):
            self.made_up_tenant += 1
            return
        harness_headers = {name for p in recipients for name in self._headers_of(p)}
        if invalid_only_where_harness_sets(self.state, case, harness_headers):
            self.made_up_tenant += 1
            return
        timeout = request_timeout(config.target, operation.method)
        if label in self._streams:
            timeout = stream_timeout(timeout)
        for index, principal in enumerate(recipients):
            headers = self._headers_of(principal)
            if config.request_id_header:
                headers[config.request_id_header] = new_request_id()
            # Anonymous probes answer the same for every principal: send them once per case, until
            # the operation is seen enforcing authentication.
            probes_auth = not index and label not in self._auth_confirmed
            excluded = [] if probes_auth else [openapi_checks.ignored_auth]
            if label in self._signed_operations:
                excluded.append(openapi_checks.positive_data_acceptance)
            in_own_tenant(self.state, case, principal)
            if self.references.fill(case, principal):
                # A reference to nothing the tenant owns: a refusal proves nothing either way.
                excluded.append(openapi_checks.positive_data_acceptance)
            if not self._streams.get(label, True):
                excluded.append(openapi_checks.response_schema_conformance)
            with acting_as(principal):
                self.state.count_request()
                with interrupt_after_bookkeeping():
                    response = case.call(
                        base_url=self.state.routes.base_for(operation.method, operation.path),
                        session=self._sessions[principal.id],
                        headers=dict(headers),
                        timeout=timeout,
                    )
                    note_created_by(self.state, principal, response)
                self.aim.answered(case, response.status_code)
                if probes_auth:
                    _wait_anonymous_turn()
                try:
                    case.validate_response(
                        response,
                        excluded_checks=excluded,
                        headers=dict(headers),
                        transport_kwargs={"hooks": anonymous_retry_hook()},
                    )
                except BaseException as error:  # schemathesis raises a BaseExceptionGroup of failures
                    found = split_failures(error)
                    if not found:
                        raise
                    exchange = exchange_from_schemathesis(response, principal)
                    failures += [_attributed(failure, label, principal, exchange) for failure in found]
                else:
                    if probes_auth and 200 <= response.status_code < 300:
                        self._auth_confirmed.add(label)
        raise_all(failures)


def _wait_anonymous_turn() -> None:
    """The anonymous probes go out on sessions schemathesis makes: wait for their budget here."""
    pacer = current_pacer()
    if pacer is not None:
        pacer.wait_turn(ANONYMOUS)


def _sendable(state: RunState, method: str, operation: Any) -> bool:
    declared = operation.method.upper()
    return method.upper() == declared and generated_request_allowed(
        state.config, declared, operation.path, state.carrier
    )


def note_created_by(state: RunState, principal: Principal, response: Any) -> None:
    """Remember what a generated POST created (a schemathesis response), so the run removes it."""
    if response.request.method != "POST" or not 200 <= response.status_code < 300:
        return
    try:
        body = response.json()
    except ValueError:
        return
    note_created(
        state, principal, "POST", str(response.request.url), response.status_code, body, generated=True
    )


def _attributed(failure: Failure, operation: str, principal: Principal, exchange: Any) -> Failure:
    if isinstance(failure, ProbeFailure):
        failure.principal = failure.principal or principal.id
        failure.exchange = failure.exchange or exchange
        return failure
    status = f"{exchange.status} {reason_phrase(exchange.status)}" if exchange.status else "no response"
    attributed = ProbeFailure(
        family=family_of(failure),
        check=check_name(failure),
        message=f"{failure.title}: got `{status}` for `{operation}` as `{principal.id}`\n{failure.message}",
        operation=operation,
        principal=principal.id,
        exchange=exchange,
        severity=failure.severity,
    )
    return attributed


def contract_settings() -> Any:
    """Hypothesis settings for generated tests: example count and seed from the run's options."""
    import hypothesis

    state = _current_state()
    decorator = hypothesis.settings(
        max_examples=state.examples,
        deadline=None,
        derandomize=state.seed is not None,
        suppress_health_check=list(hypothesis.HealthCheck),
        print_blob=True,
    )
    if state.seed is None:
        return decorator

    def apply(test: Any) -> Any:
        return hypothesis.seed(state.seed)(decorator(test))

    return apply


def _current_state() -> RunState:
    from tenantprobe.core.state import state

    return state()


def stateful_principals(state: RunState) -> list[Principal]:
    """One principal per tenant for link-driven sequences: the one whose role grants the most."""
    chosen = []
    for tenant in state.config.tenants.values():

        def reach(principal: Principal) -> int:
            return len(state.config.expected_permissions(principal.role) or ())

        if tenant.principals:
            chosen.append(max(tenant.principals, key=reach))
    return chosen


def run_stateful(
    state: RunState, schema: Any, principal: Principal, canaries: CanarySet | None = None
) -> None:
    """Walk the spec's OpenAPI links (create, then read, update, delete) as ``principal``."""
    import hypothesis

    config = state.config
    base = schema.as_state_machine()
    token = state.tokens.get(principal.id)
    streams = streaming_operations(state.spec)
    session = paced_session(cap_streams(keep_alive_session(), config.target.max_body_bytes), principal.id)
    aim = WriteAim(state, canaries)
    undeletable = undeletable_creations(state)

    class PrincipalMachine(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            headers = auth_headers(config, principal, token)
            if config.request_id_header:
                headers[config.request_id_header] = new_request_id()
            timeout = request_timeout(config.target, case.operation.method)
            if f"{case.operation.method.upper()} {case.operation.path}" in streams:
                timeout = stream_timeout(timeout)
            return {
                "headers": headers,
                "timeout": timeout,
                "base_url": state.routes.base_for(case.operation.method, case.operation.path),
            }

        def call(self, case: Any, **kwargs: Any) -> Any:
            if f"{case.operation.method.upper()} {case.operation.path}" in undeletable:
                hypothesis.reject()  # a creation this mode may not leave behind: not this sequence
            in_own_tenant(state, case, principal)  # generated, the tenant path names a made-up tenant
            aim.aim(case, principal.tenant)  # a link may hand a write a listed object's id
            state.count_request()
            response = case.call(session=session, **kwargs)
            note_created_by(state, principal, response)
            aim.answered(case, response.status_code)
            return response

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            label = f"{case.operation.method.upper()} {case.operation.path}"
            with acting_as(principal):
                _wait_anonymous_turn()  # `ignored_auth` may send anonymous probes
                try:
                    kwargs["hooks"] = anonymous_retry_hook()
                    super().validate_response(response, case, additional_checks, **kwargs)
                except BaseException as error:
                    found = split_failures(error)
                    if not found:
                        raise
                    exchange = exchange_from_schemathesis(response, principal)
                    raise_all([_attributed(failure, label, principal, exchange) for failure in found])

    # The run's seed drives the sequences too (derandomized alone, every seed would walk the same).
    machine = hypothesis.seed(state.seed)(PrincipalMachine) if state.seed is not None else PrincipalMachine
    try:
        machine.run(
            settings=hypothesis.settings(
                max_examples=max(state.profile.sequences, state.examples // 2),
                stateful_step_count=state.profile.sequence_steps,
                deadline=None,
                derandomize=state.seed is not None,
                suppress_health_check=list(hypothesis.HealthCheck),
                phases=[hypothesis.Phase.generate],
            )
        )
    finally:
        aim.close()
