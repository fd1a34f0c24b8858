"""Cross-tenant probes by id: one attacker, one victim tenant, one operation, judged as data.

Reads must be refused with ``tenancy.cross_tenant_status``; a 2xx or a body with the victim's data
is a finding. Writes are also confirmed by the victim: its admin reads the object before and after,
and any change or disappearance is a finding even when the status looked right.
"""

from __future__ import annotations

from typing import Any

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.exchange import status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.state import RunState
from tenantprobe.core.verdict import Unproven
from tenantprobe.families.scoping import CROSS_TENANT_ACCESS_REFUSED, FAMILY
from tenantprobe.openapi.operations import (
    Operation,
    fill_path,
    find_operation,
    item_path,
)
from tenantprobe.tenancy.kit import WRITE_METHODS, ProbeKit, probe_marker
from tenantprobe.tenancy.leaks import find_leaks
from tenantprobe.tenancy.pairing import Pairing


def cross_tenant_access(kit: ProbeKit, pairing: Pairing) -> list[ProbeFailure]:
    """The attacker sends the operation with the victim's ids; refused, leak-free, nothing changed."""
    state, attacker, victim = kit.state, pairing.attacker, pairing.victim
    method, _, template = pairing.operation.partition(" ")
    operation = find_operation(state.spec, method, template)
    if operation is None:
        return []
    writes = method in WRITE_METHODS
    created_only = writes and method == "DELETE"
    values = kit.path_values(operation, victim, created_only=created_only)
    if not values:
        why = kit.canaries.missing_reason(victim, operation.collection, created_only=created_only)
        raise Unproven(f"no object of `{victim}` is known for `{pairing.operation}` ({why})")
    path = fill_path(template, values)
    reader = reader_path(state, operation, values)
    before = None
    if reader:
        # The precondition: the object exists and its owner reads it; a refusal of nothing proves nothing.
        owner = kit.admin(victim).get(reader, check=False)
        if not 200 <= owner.status_code < 300:
            raise Unproven(
                f"`{victim}`'s admin cannot read the object the probe aims at "
                f"(`GET {reader}` answered `{status_text(owner.status_code)}`)"
            )
        before = parsed_object(owner) if writes else None
    body = kit.body_for(operation, attacker.tenant, probe_marker()) if method != "DELETE" else None
    client = kit.client_for(attacker)
    kwargs: dict[str, Any] = {"json": body} if body is not None else {}
    response = client.request(method, path, operation=pairing.operation, check=False, **kwargs)
    exchange = client.last
    expected = state.config.tenancy.cross_tenant_status
    failures = []

    def fail(message: str) -> None:
        failures.append(
            ProbeFailure(
                family=FAMILY.name,
                check=CROSS_TENANT_ACCESS_REFUSED,
                message=message,
                operation=pairing.operation,
                principal=attacker.id,
                exchange=exchange,
            )
        )

    subject = f"`{pairing.operation}` as `{attacker.id}` with `{victim}`'s id"
    if 200 <= response.status_code < 300:
        wanted = " or ".join(str(code) for code in expected)
        fail(f"Expected {wanted}, got `{status_text(response.status_code)}` for {subject}")
    leaks = find_leaks(state.knowledge, attacker.tenant, response.content, collection=operation.collection)
    if leaks:
        fail(f"{subject}: the response carries `{victim}`'s data: " + "; ".join(leaks[:3]))
    if writes and before is not None and reader:
        after = read_object(kit.admin(victim), reader)
        if after is None:
            fail(f"{subject}: `{victim}`'s object is gone afterwards (its admin reads `{reader}`: not found)")
        elif after != before:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            fail(f"{subject}: `{victim}`'s object changed afterwards ({', '.join(changed)})")
    return failures


def reader_path(state: RunState, operation: Operation, values: dict[str, str]) -> str | None:
    """The victim's read of the object the operation targets (GET on the item path), if any."""
    collection = operation.collection
    item = item_path(state.spec, collection) if collection else None
    if item is None or "get" not in state.spec["paths"].get(item, {}):
        return None
    return fill_path(item, values)


def read_object(client: TargetClient, path: str) -> dict[str, Any] | None:
    return parsed_object(client.get(path, check=False))


def parsed_object(response: httpx.Response) -> dict[str, Any] | None:
    if response.status_code == 404 or response.status_code == 410:
        return None
    try:
        body = response.json()
    except ValueError:
        return {"__status__": response.status_code}
    return body if isinstance(body, dict) else {"__body__": body}
