"""The permission matrix: each principal is denied exactly what its role lacks, and no more.

One probe per operation and principal, on the principal's own tenant's objects (those the run
created, for writes). Principals lacking the permission go first: an allowed write (a void, a
delete) could otherwise change the object so that a later denial probe proves nothing.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from tenantprobe.core.config import Principal
from tenantprobe.core.exchange import status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.report_files import record_report_rows
from tenantprobe.core.verdict import Unproven, Verdict
from tenantprobe.families.rbac import FAMILY, PERMISSION_ENFORCED, PERMISSION_GRANTED, PERMISSION_MATRIX
from tenantprobe.families.rbac.cells import (
    FAILED,
    UNPROVEN,
    MatrixCell,
    judge_cell,
    settle_operation,
    unproven_reasons,
)
from tenantprobe.families.rbac.roles import member_items, role_fields
from tenantprobe.openapi.operations import (
    Operation,
    create_operations,
    fill_path,
    json_body_schema,
)
from tenantprobe.openapi.permissions import holds, required_permission
from tenantprobe.tenancy.cleanup import undeletable_creations, undeletable_reason
from tenantprobe.tenancy.kit import ProbeKit

__all__ = ["MatrixCell", "probe_permissions"]


def probe_permissions(kit: ProbeKit, operation: Operation, test: pytest.Item) -> list[Verdict]:
    """Every principal against one operation: denied when lacking, allowed when holding; a verdict each.

    The cells go on ``test``'s report, for the run's one permission matrix file.
    """
    config = kit.state.config
    permission = required_permission(config, operation.method, operation.path, operation.spec)
    principals = [p for p in config.principals() if holds(config, p, permission) is not None]
    principals.sort(key=lambda p: bool(holds(config, p, permission)))  # lacking first
    # A granted creation outside local mode would leave an object the run cannot remove: not sent.
    # A lacking principal's is: a correct target creates nothing, a wrong one is a finding.
    undeletable = operation.key in undeletable_creations(kit.state)
    cells: list[tuple[MatrixCell, ProbeFailure | None]] = []
    for principal in principals:
        granted = bool(holds(config, principal, permission))
        cell = MatrixCell(principal.id, principal.role, operation.key, permission,
                          "allowed" if granted else "denied", None)  # fmt: skip
        if granted and undeletable:
            cell.why = undeletable_reason(config.target.mode, operation.key)
            cells.append((cell, None))
            continue
        try:
            failure = _probe_one(kit, operation, principal, granted, permission, cell)
        except Unproven as reason:
            cell.verdict, cell.why, failure = UNPROVEN, f"not sent: {reason.reason}", None
        cells.append((cell, failure))
    settle_operation([cell for cell, _ in cells])
    record_report_rows(test, PERMISSION_MATRIX, [asdict(cell) for cell, _ in cells])
    verdicts = []
    for cell, failure in cells:
        if cell.verdict == FAILED and failure is not None:
            verdicts.append(Verdict.judged([failure], cell.why))
        elif cell.verdict != UNPROVEN:
            verdicts.append(Verdict.judged([], cell.why))
    verdicts += [Verdict.unproven(reason) for reason in unproven_reasons([cell for cell, _ in cells])]
    return verdicts


def _probe_one(
    kit: ProbeKit, operation: Operation, principal: Principal, granted: bool, permission: str | None,
    cell: MatrixCell,
) -> ProbeFailure | None:  # fmt: skip
    denied = kit.state.config.permissions.denied_status
    path, body = _request_for(kit, operation, principal)
    client = kit.client_for(principal)
    kwargs: dict[str, Any] = {"json": body} if body is not None else {}
    response = client.request(operation.method, path, operation=operation.key, check=False, **kwargs)
    subject = f"`{path}` of `{principal.tenant}`" if operation.params else f"`{principal.tenant}`"
    judge_cell(cell, response.status_code, tuple(denied), granted, subject)
    wanted = " or ".join(str(code) for code in denied)
    if not granted and 200 <= response.status_code < 300:
        return ProbeFailure(
            family=FAMILY.name, check=PERMISSION_ENFORCED, operation=operation.key, principal=principal.id,
            message=f"Expected {wanted}, got `{status_text(response.status_code)}` for `{operation.key}` as "
            f"`{principal.id}`, whose role `{principal.role}` lacks `{permission}`",
            exchange=client.last,
        )  # fmt: skip
    if granted and response.status_code in denied:
        return ProbeFailure(
            family=FAMILY.name, check=PERMISSION_GRANTED, operation=operation.key, principal=principal.id,
            message=f"Expected no {wanted}, got `{status_text(response.status_code)}` "
                    f"for a valid `{operation.key}` "
            f"as `{principal.id}`, whose role `{principal.role}` holds `{permission}`",
            exchange=client.last,
        )  # fmt: skip
    return None


def _request_for(kit: ProbeKit, operation: Operation, principal: Principal) -> tuple[str, Any]:
    """A valid request on the principal's own tenant's objects (a fresh one for deletes).

    With no object of its own tenant to name, the cell is not sent: a refusal of a made-up id proves
    no denial (the id does not exist), and an allowance cannot be shown on nothing.
    """
    tenant = principal.tenant
    values: dict[str, str] = {}
    if operation.params:
        if operation.method == "DELETE":
            values = _fresh_object(kit, operation, tenant)
        else:
            values = kit.path_values(operation, tenant, created_only=operation.method != "GET")
            values = values or kit.path_values(operation, tenant)
        if not values:
            why = kit.canaries.missing_reason(tenant, operation.collection)
            raise Unproven(f"no object of `{tenant}` is known to call `{operation.key}` on ({why})")
    body = None
    if operation.method in ("POST", "PUT", "PATCH") and json_body_schema(kit.state.spec, operation):
        fields = role_fields(kit.state)
        body = kit.body_for(operation, tenant, kit.marker(principal, operation))
        if isinstance(body, dict) and fields & set(body):
            _keep_current_role(kit, operation, principal, values, body, fields)
    return fill_path(operation.path, values), body


def _keep_current_role(
    kit: ProbeKit, operation: Operation, principal: Principal, values: dict[str, str], body: dict[str, Any],
    fields: set[str],
) -> None:  # fmt: skip
    """A role change probe sets a lower-ranked member's role to what it is (a valid no-op)."""
    rank = kit.state.config.permissions.rank
    own_rank = rank.get(principal.role, 0)
    for item_id, role, _item in member_items(kit, operation, principal):
        if rank.get(role, 0) < own_rank:
            values[operation.params[-1]] = item_id
            for name in fields & set(body):
                body[name] = role
            return
    raise Unproven(f"no member ranked below `{principal.role}` in `{principal.tenant}` to probe with")


def _fresh_object(kit: ProbeKit, operation: Operation, tenant: str) -> dict[str, str]:
    """Create an object for a delete probe (as the tenant's admin); the run's ledger notes it for removal."""
    collection = operation.collection
    create = next((op for op in create_operations(kit.state.spec) if op.path == collection), None)
    if create is None or collection is None:
        return {}
    canaries = sorted(kit.state.knowledge.canaries.get(tenant, ())) or ["tp-rbac"]
    response = kit.admin(tenant).post(
        create.path, json=kit.body_for(create, tenant, canaries[0]), check=False
    )
    created = response.json() if 200 <= response.status_code < 300 and response.content else None
    value = kit.created_id(create, created)
    if value is None:
        return {}
    return {operation.params[-1]: value}
