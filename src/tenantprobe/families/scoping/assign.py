"""Mass assignment of the tenant, and references to another tenant's objects, never take effect.

Both are checked by reading back as the right tenant's admin, not by trusting the status: an API
may answer 200 and ignore the field (fine), or answer 200 and move the object (a finding).
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.exchange import status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.verdict import Unproven
from tenantprobe.families.scoping import CROSS_TENANT_REFERENCE_REFUSED, FAMILY, TENANT_FIELD_IMMUTABLE
from tenantprobe.openapi.operations import (
    Operation,
    fill_path,
    find_operation,
    item_path,
)
from tenantprobe.tenancy.kit import ProbeKit, probe_marker, typed_id
from tenantprobe.tenancy.leaks import is_id_field
from tenantprobe.tenancy.pairing import Pairing


def tenant_field_ignored(kit: ProbeKit, pairing: Pairing) -> list[ProbeFailure]:
    """A create or update body naming the victim in the tenant field leaves the object where it was."""
    state, attacker, victim = kit.state, pairing.attacker, pairing.victim
    field = state.config.tenancy.tenant_field
    victim_id = state.knowledge.tenant_ids.get(victim)
    operation = _operation(kit, pairing)
    if field is None or victim_id is None or operation is None:
        raise LookupError("no tenant field or victim tenant id to assign")
    body = kit.body_for(operation, attacker.tenant, probe_marker())
    if not isinstance(body, dict):
        raise LookupError(f"`{pairing.operation}` takes no JSON object body")
    body[field] = typed_id(victim_id)
    values = kit.path_values(operation, attacker.tenant, created_only=True) if operation.params else {}
    if operation.params and not values:
        why = kit.canaries.missing_reason(attacker.tenant, operation.collection, created_only=True)
        raise Unproven(f"no object created by the run to update with `{pairing.operation}` ({why})")
    client = kit.client_for(attacker)
    path = fill_path(operation.path, values)
    response = client.request(operation.method, path, operation=pairing.operation, check=False, json=body)
    exchange = client.last
    if not 200 <= response.status_code < 300:
        return []
    created = response.json() if response.content and not operation.params else {}
    object_id = kit.created_id(operation, created)
    if operation.params:
        object_id = list(values.values())[-1]
    reader = item_path(state.spec, operation.collection or operation.path)
    if object_id is None or reader is None:
        return []
    item = fill_path(reader, {reader.rsplit("{", 1)[-1].rstrip("}"): object_id})
    own = kit.admin(attacker.tenant).get(item, check=False)
    theirs = kit.admin(victim).get(item, check=False)
    moved = theirs.status_code == 200 or (
        own.status_code == 200 and str(kit.field_of("GET", reader, own.json(), field)) == str(victim_id)
    )
    if not operation.params:
        _remove(kit, item, (attacker.tenant, victim))
    elif moved:  # put the run's own object back, so later probes see each tenant's objects where they were
        own_id = typed_id(state.knowledge.tenant_ids.get(attacker.tenant, ""))
        kit.admin(victim).request(operation.method, path, json={field: own_id}, check=False)
    if not moved:
        return []
    return [
        ProbeFailure(
            family=FAMILY.name,
            check=TENANT_FIELD_IMMUTABLE,
            message=f"`{pairing.operation}` as `{attacker.id}` with `{field}` set to `{victim}`'s id "
            f"answered `{status_text(response.status_code)}` and the object now belongs to `{victim}` "
            "(read back as its admin)",
            operation=pairing.operation,
            principal=attacker.id,
            exchange=exchange,
        )
    ]


def foreign_reference_refused(kit: ProbeKit, pairing: Pairing) -> list[ProbeFailure]:
    """A create body referencing the victim's objects (``x_id`` fields) is refused."""
    state, attacker, victim = kit.state, pairing.attacker, pairing.victim
    operation = _operation(kit, pairing)
    if operation is None:
        return []
    body = kit.body_for(operation, attacker.tenant, probe_marker())
    if not isinstance(body, dict):
        raise LookupError(f"`{pairing.operation}` takes no JSON object body")
    swapped = _swap_references(kit, body, victim)
    if not swapped:
        raise LookupError(f"`{pairing.operation}` has no reference field to `{victim}`'s objects")
    client = kit.client_for(attacker)
    response = client.request(
        operation.method, operation.path, operation=pairing.operation, check=False, json=body
    )
    if not 200 <= response.status_code < 300:
        return []
    created_id = kit.created_id(operation, response.json() if response.content else None)
    reader = item_path(state.spec, operation.path)
    if created_id is not None and reader:
        _remove(
            kit, fill_path(reader, {reader.rsplit("{", 1)[-1].rstrip("}"): created_id}), (attacker.tenant,)
        )
    names = ", ".join(f"`{name}`" for name in swapped)
    return [
        ProbeFailure(
            family=FAMILY.name,
            check=CROSS_TENANT_REFERENCE_REFUSED,
            message=f"Expected a refusal, got `{status_text(response.status_code)}` "
            f"for `{pairing.operation}` as "
            f"`{attacker.id}` with {names} naming `{victim}`'s objects",
            operation=pairing.operation,
            principal=attacker.id,
            exchange=client.last,
        )
    ]


def _swap_references(kit: ProbeKit, body: dict[str, Any], victim: str) -> list[str]:
    swapped = []
    for name in list(body):
        value = kit.object_id(victim, kit.referenced(kit.collections(), name))
        if name in body and value is not None and name != kit.state.config.tenancy.tenant_field:
            named = name in kit.state.config.tenancy.references
            if named or is_id_field(name, kit.state.config.tenancy.id_fields or ("id", "*_id")):
                body[name] = typed_id(value)
                swapped.append(name)
    return swapped


def _operation(kit: ProbeKit, pairing: Pairing) -> Operation | None:
    method, _, path = pairing.operation.partition(" ")
    return find_operation(kit.state.spec, method, path)


def _remove(kit: ProbeKit, path: str, tenants: tuple[str, ...]) -> None:
    """Delete an object a probe created, as whichever of the tenants' admins can see it."""
    for tenant in tenants:
        if kit.admin(tenant).delete(path, check=False).status_code < 300:
            return
