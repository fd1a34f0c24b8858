"""Sequences over the spec's OpenAPI links honour the contract (use after free, availability ...)."""

from __future__ import annotations

import pytest

from tenantprobe import (
    GENERATED_WRITES,
    CanarySet,
    Knowledge,
    RunState,
    contract_schema,
    harness_state,
    run_stateful,
    stateful_principals,
)

_STATE = harness_state()
schema = contract_schema(_STATE)
PRINCIPALS = [p.id for p in stateful_principals(_STATE)]
# With the generated writes, one after the other: a random DELETE must not remove what a sequence
# just created, or what it relies on, between its create and its read.
pytestmark = pytest.mark.xdist_group(GENERATED_WRITES)


@pytest.mark.parametrize("principal_id", PRINCIPALS)
def test_link_sequences_honour_the_contract(
    principal_id: str, tp_state: RunState, tp_knowledge: Knowledge, canaries: CanarySet
) -> None:
    if not any(link for link in _links(tp_state)):
        pytest.skip("the spec declares no OpenAPI links: no stateful sequences to walk")
    run_stateful(tp_state, schema, tp_state.config.principal(principal_id), canaries)


def _links(state: RunState) -> list[object]:
    found: list[object] = []
    for item in (state.spec.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            for response in (
                (operation.get("responses") or {}).values() if isinstance(operation, dict) else ()
            ):
                if isinstance(response, dict) and response.get("links"):
                    found.append(response["links"])
    return found
