"""A principal of several tenants (``roles_in``) is judged in the tenant its request selected.

Selecting one of its own other tenants is legitimate: that tenant's data is no leak and its role
there is the one that counts. Selecting a tenant it does not belong to changes nothing: that
tenant's data is still a leak, whatever the selector says.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantprobe import Exchange, ProbeFailure, RunState, load_config
from tenantprobe.core.checks import CheckContext
from tenantprobe.families.rbac.checks import permission_enforced
from tenantprobe.families.scoping.checks import tenant_isolation
from tenantprobe.tenancy.membership import memberships, selected_tenant

CONFIG = """\
version: 1
target: {base_url: "http://127.0.0.1:9", spec: /openapi.json}
auth: {carrier: bearer}
tenancy: {tenant_field: shop_id, selector: {in: header, name: X-Shop}}
permissions:
  extension: x-permission
  roles:
    clerk: [orders.view, orders.refund]
    auditor: [orders.view]
tenants:
  red:
    admin: {token: red-admin}
    principals:
      consultant: {role: clerk, token: consultant, roles_in: {blue: auditor}}
  blue:
    key: blue-co
    admin: {token: blue-admin}
    principals: {clerk: {role: clerk, token: blue-clerk}}
  green:
    admin: {token: green-admin}
    principals: {clerk: {role: clerk, token: green-clerk}}
"""
SPEC = {
    "openapi": "3.1.0",
    "paths": {
        "/orders": {"get": {"x-permission": "orders.view", "responses": {"200": {}}}},
        "/orders/{id}/refund": {"post": {"x-permission": "orders.refund", "responses": {"200": {}}}},
    },
}


@pytest.fixture()
def state(tmp_path: Path) -> RunState:
    (tmp_path / "tenants.yaml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path / "tenants.yaml", env={})
    run = RunState(config=config, base_url="http://127.0.0.1:9", spec=SPEC, spec_sha256="")
    run.knowledge.tenant_ids.update({"red": "1", "blue": "2", "green": "3"})
    for tenant in ("red", "blue", "green"):
        run.knowledge.add_canary(tenant, f"tp-{tenant}-c0ffee")
    return run


def _list(selected: str | None, tenant: str) -> Exchange:
    headers = {"X-Shop": selected} if selected is not None else {}
    body = f'[{{"shop_id": {"red blue green".split().index(tenant) + 1}, "note": "tp-{tenant}-c0ffee"}}]'
    return Exchange("GET", "http://127.0.0.1:9/orders", headers, None, 200, {}, body.encode())


def _as_consultant(state: RunState, operation: str) -> CheckContext:
    return CheckContext(state, state.config.principal("red/consultant"), operation)


def test_a_principal_may_select_its_own_and_its_other_tenants_with_their_roles(state: RunState) -> None:
    consultant = state.config.principal("red/consultant")
    assert memberships(consultant) == {"red": "clerk", "blue": "auditor"}
    knowledge, config = state.knowledge, state.config
    assert selected_tenant(config, knowledge, consultant, _list(None, "red")) == "red"
    assert selected_tenant(config, knowledge, consultant, _list("2", "blue")) == "blue"
    assert selected_tenant(config, knowledge, consultant, _list("blue-co", "blue")) == "blue"  # by key
    assert selected_tenant(config, knowledge, consultant, _list("3", "green")) is None


@pytest.mark.parametrize(
    ("selected", "tenant"), [(None, "red"), ("1", "red"), ("2", "blue"), ("blue-co", "blue")]
)
def test_the_selected_tenants_data_is_no_leak(state: RunState, selected: str | None, tenant: str) -> None:
    tenant_isolation(_as_consultant(state, "GET /orders"), _list(selected, tenant))


@pytest.mark.parametrize(
    ("selected", "tenant"),
    [
        (None, "blue"),  # its other tenant, not selected
        ("2", "red"),  # its own tenant's data while it acts in blue
        ("3", "green"),  # a tenant it does not belong to: the selector changes nothing
        (None, "green"),
    ],
)
def test_a_tenant_the_request_did_not_select_is_still_a_leak(
    state: RunState, selected: str | None, tenant: str
) -> None:
    with pytest.raises(ProbeFailure, match=f"`{tenant}`'s canary"):
        tenant_isolation(_as_consultant(state, "GET /orders"), _list(selected, tenant))


def _refund(selected: str | None) -> Exchange:
    headers = {"X-Shop": selected} if selected is not None else {}
    return Exchange("POST", "http://127.0.0.1:9/orders/7/refund", headers, None, 200, {}, b"{}")


def test_the_role_in_the_selected_tenant_is_the_one_that_counts(state: RunState) -> None:
    context = _as_consultant(state, "POST /orders/{id}/refund")
    permission_enforced(context, _refund(None))  # a clerk in its own tenant may refund
    permission_enforced(context, _refund("1"))
    with pytest.raises(ProbeFailure, match="whose role in `blue` `auditor` lacks `orders.refund`"):
        permission_enforced(context, _refund("2"))
    permission_enforced(context, _refund("3"))  # another tenant: the scoping tests judge that
