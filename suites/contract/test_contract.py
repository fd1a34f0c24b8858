"""Every operation of the spec honours its contract, for every non-admin principal.

Cases are generated from the spec (schemathesis + hypothesis); each case is sent as every
principal; schemathesis' checks and tenantprobe's passive checks judge every response.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tenantprobe import (
    CanarySet,
    ContractRunner,
    Knowledge,
    RunState,
    contract_schema,
    contract_settings,
    harness_state,
    record_subjects,
)

schema = contract_schema(harness_state())


@pytest.fixture(scope="session")
def contract_runner(
    tp_state: RunState, tp_knowledge: Knowledge, canaries: CanarySet
) -> Iterator[ContractRunner]:
    runner = ContractRunner(tp_state, tp_state.config.principals(), canaries)
    yield runner
    runner.close()


@schema.parametrize()
@contract_settings()
def test_operation_honours_its_contract(
    case, contract_runner: ContractRunner, request: pytest.FixtureRequest
) -> None:
    record_subjects(
        request.node,
        f"{case.operation.method.upper()} {case.operation.path}",
        [p.id for p in contract_runner.principals],
    )
    contract_runner.run(case)
