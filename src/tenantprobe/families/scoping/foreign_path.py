"""Another tenant's path with one's own credential is refused, and looks exactly like a made-up tenant's.

For an API that names its tenant in the path (``/orgs/{org}/…``), the path is a tenant selector: a
route that skips the membership check serves anyone who names a foreign organisation. The attacker
sends the operation under the victim's path with the victim's object ids; a 2xx, the victim's data
in the answer, or the victim's object changed or gone (its admin reads it before and after) is a
finding. A list also goes once under a made-up tenant: a foreign and a non-existent tenant must
answer alike (same status, same body once the tenant's name is taken out), or the answer tells an
outsider which tenants exist.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from tenantprobe.core.carrier import tenant_value
from tenantprobe.core.exchange import status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.families.scoping import TENANT_EXISTENCE_HIDDEN, TENANT_SELECTOR_ENFORCED
from tenantprobe.families.scoping.probes import read_object, reader_path
from tenantprobe.openapi.operations import fill_path, find_operation
from tenantprobe.tenancy.carrier import in_tenant
from tenantprobe.tenancy.kit import WRITE_METHODS, ProbeKit, probe_marker
from tenantprobe.tenancy.leaks import find_leaks
from tenantprobe.tenancy.pairing import Pairing

MADE_UP_PREFIX = "tp-no-such-tenant-"


def made_up_tenant(example: str) -> str:
    """A tenant value no target holds, shaped like ``example`` (digits stay digits)."""
    if example.isdigit():
        return str(10**12 + secrets.randbelow(10**6))
    return MADE_UP_PREFIX + secrets.token_hex(4)


def foreign_path_refused(kit: ProbeKit, pairing: Pairing) -> list[ProbeFailure]:
    state, attacker, victim = kit.state, pairing.attacker, pairing.victim
    method, _, template = pairing.operation.partition(" ")
    operation = find_operation(state.spec, method, template)
    if operation is None or operation.tenant_param is None:
        return []
    values = kit.path_values(operation, victim, created_only=method == "DELETE") if operation.params else {}
    if operation.params and not values:
        raise LookupError(f"no object of `{victim}` is known for `{pairing.operation}`")
    switch = in_tenant(state, fill_path(template, values), victim)
    if switch is None:
        raise LookupError(f"the tenant carrier cannot name `{victim}`")
    reader = reader_path(state, operation, values) if method in WRITE_METHODS else None
    before = read_object(kit.admin(victim), reader) if reader else None
    if reader and before is None:
        raise LookupError(f"`{victim}`'s object is gone before the probe (its admin reads `{reader}`)")
    body = (
        kit.body_for(operation, attacker.tenant, probe_marker()) if method not in ("GET", "DELETE") else None
    )
    kwargs: dict[str, Any] = {"json": body} if body is not None else {}
    client = kit.client_for(attacker)
    response = client.request(method, switch.path, operation=pairing.operation, check=False, **kwargs)
    exchange = client.last
    failures: list[ProbeFailure] = []

    def fail(message: str) -> None:
        failures.append(
            ProbeFailure(
                family="scoping",
                check=TENANT_SELECTOR_ENFORCED,
                message=message,
                operation=pairing.operation,
                principal=attacker.id,
                exchange=exchange,
            )
        )

    subject = (
        f"`{pairing.operation}` as `{attacker.id}` under `{victim}`'s path (a tenant it does not belong to)"
    )
    expected = state.config.tenancy.cross_tenant_status
    if 200 <= response.status_code < 300:
        wanted = " or ".join(str(code) for code in expected)
        fail(
            f"Expected {wanted}, got `{status_text(response.status_code)}` for {subject}",
        )
    leaks = find_leaks(state.knowledge, attacker.tenant, response.content, collection=operation.collection)
    if leaks:
        fail(
            f"{subject}: the response carries `{victim}`'s data: " + "; ".join(leaks[:3]),
        )
    if reader and before is not None:
        after = read_object(kit.admin(victim), reader)
        if after != before:
            what = "is gone" if after is None else "changed"
            fail(f"{subject}: `{victim}`'s object {what} afterwards (its admin reads `{reader}`)")
    if method == "GET" and not operation.params and not failures:
        failures += existence_hidden(kit, pairing, response.status_code, response.content)
    return failures


def existence_hidden(kit: ProbeKit, pairing: Pairing, status: int, content: bytes) -> list[ProbeFailure]:
    """The same request under a made-up tenant answers as the foreign one did."""
    state, attacker, victim = kit.state, pairing.attacker, pairing.victim
    template = pairing.operation.partition(" ")[2]
    victim_value = (
        tenant_value(state.config, state.knowledge, state.carrier, victim) if state.carrier else None
    )
    if victim_value is None:
        return []
    made_up = made_up_tenant(victim_value)
    switch = in_tenant(state, template, victim, value=made_up)
    if switch is None:
        return []
    client = kit.client_for(attacker)
    response = client.request("GET", switch.path, operation=pairing.operation, check=False)
    differences = []
    if response.status_code != status:
        differences.append(
            f"`{status_text(status)}` for `{victim}`, `{status_text(response.status_code)}` for `{made_up}`"
        )
    elif _shape(content, victim_value) != _shape(response.content, made_up):
        differences.append("the bodies differ beyond the tenant's name")
    if not differences:
        return []
    return [
        ProbeFailure(
            family="scoping", check=TENANT_EXISTENCE_HIDDEN, operation=pairing.operation,
            principal=attacker.id, exchange=client.last,
            message=f"`{pairing.operation}` as `{attacker.id}` tells a foreign tenant from a made-up one: "
            + "; ".join(differences) + " (an outsider learns which tenants exist)",
        )
    ]  # fmt: skip


def _shape(content: bytes, name: str) -> Any:
    """The body with the tenant's name and request ids taken out: what may not differ."""
    text = content.decode("utf-8", "replace").replace(name, "<tenant>")
    try:
        body = json.loads(text)
    except ValueError:
        return text
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if "request" not in k.lower() and "trace" not in k.lower()}
    return body
