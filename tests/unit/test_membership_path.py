"""A principal of several tenants under a path carrier (``/orgs/{org}/…``) is judged in the tenant the
path names: its data there is no leak and its role there counts; a path naming a tenant it does not
belong to (or one the run does not know) changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantprobe import Exchange, ProbeFailure, RunState, load_config
from tenantprobe.core.checks import CheckContext
from tenantprobe.core.config import Carrier
from tenantprobe.families.rbac.checks import permission_enforced
from tenantprobe.families.scoping.checks import tenant_isolation
from tenantprobe.tenancy.membership import selected_tenant

CONFIG = """\
version: 1
target: {base_url: "http://127.0.0.1:9", spec: /openapi.json}
auth: {carrier: bearer}
tenancy: {tenant_field: team_id, carrier: {in: path, name: org, value: key}}
permissions:
  extension: x-permission
  roles:
    member: [invoices.view, invoices.void]
    viewer: [invoices.view]
tenants:
  acme:
    admin: {token: acme-admin}
    principals:
      consultant: {role: member, token: consultant, roles_in: {globex: viewer}}
  globex:
    admin: {token: globex-admin}
    principals: {member: {role: member, token: globex-member}}
  initech:
    admin: {token: initech-admin}
    principals: {member: {role: member, token: initech-member}}
"""
LIST = "/v1/orgs/{org}/invoices"
VOID = "/v1/orgs/{org}/invoices/{invoice_id}/void"
SPEC = {
    "openapi": "3.1.0",
    "paths": {
        LIST: {"get": {"x-permission": "invoices.view", "responses": {"200": {}}}},
        VOID: {"post": {"x-permission": "invoices.void", "responses": {"200": {}}}},
    },
}
TEAM_IDS = {"acme": "1", "globex": "2", "initech": "3"}


@pytest.fixture()
def state(tmp_path: Path) -> RunState:
    (tmp_path / "tenants.yaml").write_text(CONFIG, encoding="utf-8")
    config = load_config(tmp_path / "tenants.yaml", env={})
    run = RunState(config=config, base_url="http://127.0.0.1:9", spec=SPEC, spec_sha256="")
    run.carrier = Carrier("path", "org", "key")
    run.knowledge.tenant_ids.update(TEAM_IDS)
    for tenant in TEAM_IDS:
        run.knowledge.add_canary(tenant, f"tp-{tenant}-c0ffee")
    return run


def _list(org: str, tenant: str) -> Exchange:
    body = f'[{{"team_id": {TEAM_IDS[tenant]}, "note": "tp-{tenant}-c0ffee"}}]'
    return Exchange("GET", f"http://127.0.0.1:9/v1/orgs/{org}/invoices", {}, None, 200, {}, body.encode())


def _as_consultant(state: RunState, operation: str) -> CheckContext:
    return CheckContext(state, state.config.principal("acme/consultant"), operation)


def test_the_path_names_the_selected_tenant(state: RunState) -> None:
    consultant = state.config.principal("acme/consultant")
    assert selected_tenant(state, consultant, _list("acme", "acme"), LIST) == "acme"
    assert selected_tenant(state, consultant, _list("globex", "globex"), LIST) == "globex"
    assert selected_tenant(state, consultant, _list("initech", "initech"), LIST) is None  # not a member
    assert selected_tenant(state, consultant, _list("tp-no-such-tenant-1", "acme"), LIST) is None
    # Without the operation's template the path is not read: the credential's own tenant.
    assert selected_tenant(state, consultant, _list("globex", "globex")) == "acme"


@pytest.mark.parametrize(("org", "tenant"), [("acme", "acme"), ("globex", "globex")])
def test_the_path_tenants_data_is_no_leak(state: RunState, org: str, tenant: str) -> None:
    tenant_isolation(_as_consultant(state, f"GET {LIST}"), _list(org, tenant))


@pytest.mark.parametrize(
    ("org", "tenant"),
    [
        ("acme", "globex"),  # its other tenant's data under its own path
        ("globex", "acme"),  # its own tenant's data while the path acts in globex
        ("initech", "initech"),  # a tenant it does not belong to: the path changes nothing
        ("tp-no-such-tenant-1", "globex"),
    ],
)
def test_a_tenant_the_path_did_not_select_is_still_a_leak(state: RunState, org: str, tenant: str) -> None:
    with pytest.raises(ProbeFailure, match=f"`{tenant}`'s canary"):
        tenant_isolation(_as_consultant(state, f"GET {LIST}"), _list(org, tenant))


def _void(org: str) -> Exchange:
    url = f"http://127.0.0.1:9/v1/orgs/{org}/invoices/7/void"
    return Exchange("POST", url, {}, None, 200, {}, b"{}")


def test_the_role_in_the_path_tenant_is_the_one_that_counts(state: RunState) -> None:
    context = _as_consultant(state, f"POST {VOID}")
    permission_enforced(context, _void("acme"))  # a member in its own org may void
    with pytest.raises(ProbeFailure, match="whose role in `globex` `viewer` lacks `invoices.void`"):
        permission_enforced(context, _void("globex"))
    permission_enforced(context, _void("initech"))  # a foreign org: the scoping probes judge that
