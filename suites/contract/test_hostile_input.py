"""No operation answers a server error to strings real users type, wherever the request carries them.

Random generation rarely draws exactly an apostrophe, a NUL or a right-to-left override, so each
hostile string is sent once, deterministically, before (and besides) random generation: in every
string query parameter of every GET without path parameters, in the path parameters of every GET
with them, and in every free-text field of every create body. Query strings, path segments and
bodies get the Unicode classics too; header values keep to ASCII (see ``hostile_for``).
"""

from __future__ import annotations

from typing import Any

import pytest

from tenantprobe import (
    HOSTILE_STRINGS,
    Principal,
    ProbeFailure,
    ProbeKit,
    RunState,
    TargetClient,
    harness_state,
    holds,
    hostile_body_fields,
    hostile_targets,
    in_every_segment,
    iter_operations,
    raise_all,
    required_permission,
    undeletable_creations,
    undeletable_reason,
)

STATE = harness_state()
TARGETS = hostile_targets(STATE.spec)
QUERIES = [(op.method, op.path, names) for op, names in TARGETS.queries]
PATHS = [op.path for op in TARGETS.paths]
# Bodies create objects: never in production mode.
BODIES = [op.path for op in TARGETS.bodies] if STATE.config.target.mode != "production" else []


def _allowed(state: RunState, method: str, path: str) -> Principal:
    config = state.config
    operation = next(op for m, p, op in iter_operations(state.spec) if (m, p) == (method, path))
    permission = required_permission(config, method, path, operation)
    allowed = [p for p in config.principals() if holds(config, p, permission)]
    if not allowed:
        pytest.skip(f"no principal under test holds `{permission}` for {method} {path}")
    return allowed[0]


def _server_error(
    client: TargetClient, principal: Principal, method: str, path: str, where: str
) -> ProbeFailure:
    return ProbeFailure(
        family="contract",
        check="not_a_server_error",
        message=(
            f"Expected no server error, got `{client.last.status if client.last else None}` for "
            f"`{method} {path}` with {where} as `{principal.id}`"
        ),
        operation=f"{method} {path}",
        principal=principal.id,
        exchange=client.last,
    )


def _shown(value: str) -> str:
    """The string as a message can show it: control and invisible characters escaped, cut short."""
    text = value.encode("unicode_escape").decode("ascii") if not value.isprintable() else value
    return text if len(text) <= 40 else f"{text[:37]}... ({len(value)} characters)"


@pytest.mark.parametrize(("method", "path", "names"), QUERIES, ids=[f"{m} {p}" for m, p, _ in QUERIES])
def test_hostile_strings_in_query_parameters_cause_no_server_error(
    method: str, path: str, names: list[str], tp_state: RunState, client_for: Any
) -> None:
    principal = _allowed(tp_state, method, path)
    client: TargetClient = client_for(principal)
    failures = []
    for name in names:
        for value in HOSTILE_STRINGS:
            response = client.request(method, path, params={name: value}, operation=f"{method} {path}")
            if response.status_code >= 500:
                failures.append(
                    _server_error(client, principal, method, path, f"query `{name}={_shown(value)}`")
                )
    raise_all(failures)


@pytest.mark.parametrize("path", PATHS)
def test_hostile_strings_in_path_segments_cause_no_server_error(
    path: str, tp_state: RunState, client_for: Any
) -> None:
    principal = _allowed(tp_state, "GET", path)
    client: TargetClient = client_for(principal)
    operation = next(op for op in TARGETS.paths if op.path == path)
    failures = []
    for value in HOSTILE_STRINGS:
        concrete = in_every_segment(operation, value)
        response = client.request("GET", concrete, operation=f"GET {path}")
        if response.status_code >= 500:
            failures.append(_server_error(client, principal, "GET", path, f"path segment `{_shown(value)}`"))
    raise_all(failures)


@pytest.mark.parametrize("path", BODIES)
def test_hostile_strings_in_bodies_cause_no_server_error(
    path: str, tp_state: RunState, client_for: Any, canaries: Any
) -> None:
    if f"POST {path}" in undeletable_creations(tp_state):
        pytest.skip(undeletable_reason(tp_state.config.target.mode, f"POST {path}"))
    principal = _allowed(tp_state, "POST", path)
    client: TargetClient = client_for(principal)
    kit = ProbeKit(tp_state, canaries, client_for)
    operation = next(op for op in TARGETS.bodies if op.path == path)
    base = kit.body_for(operation, principal.tenant, "tp-hostile")
    failures = []
    # Objects this creates are noted by the client and removed at the end of the run.
    for field in hostile_body_fields(tp_state.spec, operation):
        for value in HOSTILE_STRINGS:
            response = client.request("POST", path, json={**base, field: value}, operation=f"POST {path}")
            if response.status_code >= 500:
                failures.append(
                    _server_error(client, principal, "POST", path, f"`{field}` `{_shown(value)}`")
                )
    raise_all(failures)
