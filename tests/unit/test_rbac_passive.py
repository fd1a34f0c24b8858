"""The passive permission check judges only the request that ran the operation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantprobe import Exchange, ProbeFailure, RunState, load_config
from tenantprobe.core.checks import CheckContext
from tenantprobe.families.rbac.checks import permission_enforced

ROOT = Path(__file__).resolve().parents[2]
SPEC = {
    "openapi": "3.1.0",
    "paths": {"/things/{id}": {"delete": {"x-permission": "customers.delete", "responses": {"204": {}}}}},
}


@pytest.fixture(scope="module")
def context() -> CheckContext:
    config = load_config(ROOT / "tenants.yaml", target_url="http://127.0.0.1:9")
    state = RunState(config=config, base_url="http://127.0.0.1:9", spec=SPEC, spec_sha256="")
    return CheckContext(state, config.principal("acme/viewer"), "DELETE /things/{id}")


def _answer(method: str, status: int, headers: dict[str, str] | None = None) -> Exchange:
    return Exchange(method, "http://127.0.0.1:9/things/1", {}, None, status, headers or {}, b"")


def test_a_success_for_a_role_that_lacks_the_permission_is_a_finding(context: CheckContext) -> None:
    with pytest.raises(ProbeFailure, match="lacks `customers.delete`"):
        permission_enforced(context, _answer("DELETE", 204))


@pytest.mark.parametrize("method", ["OPTIONS", "TRACE", "HEAD"])
def test_an_undeclared_methods_answer_never_judges_the_operation(method: str, context: CheckContext) -> None:
    permission_enforced(context, _answer(method, 200, {"allow": "GET, DELETE"}))


def test_a_refusal_is_not_judged_here(context: CheckContext) -> None:
    permission_enforced(context, _answer("DELETE", 403))
