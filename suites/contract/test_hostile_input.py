"""No operation answers a server error to strings real users type (quotes, escapes, unicode).

Random generation rarely draws exactly an apostrophe; this sends each hostile string in every
string query parameter of every operation without path parameters, once, deterministically.
"""

from __future__ import annotations

from typing import Any

import pytest

from tenantprobe import (
    HOSTILE_STRINGS,
    Principal,
    ProbeFailure,
    RunState,
    TargetClient,
    harness_state,
    holds,
    iter_operations,
    raise_all,
    required_permission,
)


def _string_query_parameters(operation: dict[str, Any]) -> list[str]:
    names = []
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema") or {}
        if parameter.get("in") == "query" and schema.get("type") == "string" and not schema.get("enum"):
            names.append(parameter["name"])
    return names


def _targets(state: RunState) -> list[tuple[str, str, list[str]]]:
    found = []
    for method, path, operation in iter_operations(state.spec):
        if "{" in path or method != "GET":
            continue
        names = _string_query_parameters(operation)
        if names:
            found.append((method, path, names))
    return found


TARGETS = _targets(harness_state())


@pytest.mark.parametrize(("method", "path", "names"), TARGETS, ids=[f"{m} {p}" for m, p, _ in TARGETS])
def test_hostile_strings_in_query_parameters_cause_no_server_error(
    method: str, path: str, names: list[str], tp_state: RunState, client_for: Any
) -> None:
    config = tp_state.config
    operation = next(op for m, p, op in iter_operations(tp_state.spec) if (m, p) == (method, path))
    permission = required_permission(config, method, path, operation)
    allowed: list[Principal] = [p for p in config.principals() if holds(config, p, permission)]
    if not allowed:
        pytest.skip(f"no principal under test holds `{permission}` for {method} {path}")
    client: TargetClient = client_for(allowed[0])
    failures = []
    for name in names:
        for value in HOSTILE_STRINGS:
            response = client.request(method, path, params={name: value}, operation=f"{method} {path}")
            if response.status_code >= 500:
                failures.append(
                    ProbeFailure(
                        family="contract",
                        check="not_a_server_error",
                        message=(
                            f"Expected no server error, got `{response.status_code}` for `{method} {path}` "
                            f"with query `{name}={value}` as `{allowed[0].id}`"
                        ),
                        operation=f"{method} {path}",
                        principal=allowed[0].id,
                        exchange=client.last,
                    )
                )
    raise_all(failures)
