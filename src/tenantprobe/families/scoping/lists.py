"""Lists, search and filters never return another tenant's objects; the tenant selector is enforced.

A list probe sends the operation once per query parameter, each set to something of the victim's:
an id parameter to one of its ids, a free-text parameter to one of its canaries. A filter that
replaces the tenant condition, or a search that ORs past it, then returns the victim's rows.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Principal
from tenantprobe.core.exchange import status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.state import RunState
from tenantprobe.core.verdict import Unproven
from tenantprobe.families.scoping import FAMILY, TENANT_ISOLATION, TENANT_SELECTOR_ENFORCED
from tenantprobe.openapi.operations import find_operation, query_parameters
from tenantprobe.openapi.schemas import enum_of, main_type, resolve
from tenantprobe.tenancy.kit import ProbeKit
from tenantprobe.tenancy.leaks import find_leaks, is_id_field
from tenantprobe.tenancy.pairing import Pairing

_MAX_CANARIES = 4  # queries per free-text parameter


def list_isolation(kit: ProbeKit, pairing: Pairing) -> list[ProbeFailure]:
    state, attacker, victim = kit.state, pairing.attacker, pairing.victim
    method, _, path = pairing.operation.partition(" ")
    operation = find_operation(state.spec, method, path)
    if operation is None:
        return []
    if not kit.canaries.ids_of(victim, path) and not state.knowledge.canaries.get(victim):
        # The precondition: something of the victim's to recognise in the answer.
        why = kit.canaries.missing_reason(victim, path)
        raise Unproven(f"no leak of `{victim}`'s data in `{pairing.operation}` could be recognised ({why})")
    probes = _victim_queries(kit, query_parameters(state.spec, operation), victim) or [{}]
    client = kit.client_for(attacker)
    failures = []
    for params in probes:
        response = client.request(method, path, operation=pairing.operation, check=False, params=params)
        leaks = find_leaks(state.knowledge, attacker.tenant, _listed(state, path, response), collection=path)
        if leaks:
            shown = ", ".join(f"{k}={v}" for k, v in params.items()) or "no filter"
            failures.append(
                ProbeFailure(
                    family=FAMILY.name,
                    check=TENANT_ISOLATION,
                    message=f"`{pairing.operation}` ({shown}) as `{attacker.id}` returned `{victim}`'s "
                    f"data (`{status_text(response.status_code)}`): " + "; ".join(leaks[:3]),
                    operation=pairing.operation,
                    principal=attacker.id,
                    exchange=client.last,
                )
            )
    return failures


def _listed(state: RunState, path: str, response: Any) -> Any:
    """What a list response lists: its items where the envelope says (pagination links and metadata
    echo the query, which here carries the victim's canary by design), else the whole body."""
    envelope = state.envelope("GET", path)
    try:
        body = response.json()
    except ValueError:
        return response.content
    if envelope.items is None or not isinstance(body, dict):
        return body
    return envelope.items_of(body)


def _victim_queries(kit: ProbeKit, parameters: list[dict[str, Any]], victim: str) -> list[dict[str, str]]:
    """One query per parameter that can name something of the victim's."""
    state = kit.state
    patterns = state.config.tenancy.id_fields or ("id", "*_id")
    canaries = sorted(state.knowledge.canaries.get(victim, ()))
    queries = []
    for param in parameters:
        name = str(param.get("name"))
        schema = resolve(state.spec, param.get("schema"))
        if name == state.config.tenancy.tenant_field and victim in state.knowledge.tenant_ids:
            queries.append({name: state.knowledge.tenant_ids[victim]})
        elif is_id_field(name, patterns):
            # A planted object (its dependents are canaries, and generated writes spare it) and a
            # listed one (seeded data has related rows): either may be gone by now, rarely both.
            target = kit.referenced(kit.collections(), name)
            listed = kit.canaries.ids_of(victim, target)[:1] if target else []
            values = dict.fromkeys(v for v in (kit.object_id(victim, target), *listed) if v is not None)
            queries += [{name: value} for value in values]
        elif main_type(state.spec, schema) == "string" and enum_of(state.spec, schema) is None:
            # Each canary: a search may match one kind of object only (one collection's emails, say).
            queries += [{name: canary} for canary in canaries[:_MAX_CANARIES]]
    return queries


def selector_refused(kit: ProbeKit, attacker: Principal, victim: str) -> list[ProbeFailure]:
    """Setting the tenant selector to a tenant the principal is not in must be refused."""
    state = kit.state
    selector = state.config.tenancy.selector
    victim_id = state.knowledge.tenant_ids.get(victim)
    if selector is None or victim_id is None:
        return []
    path = state.config.identity.path if state.config.identity else None
    if path is None:
        listing = [op for op in (kit.collections()) if op]
        path = listing[-1] if listing else "/"
    client = kit.client_for(attacker)
    headers, params = {}, {}
    if selector["in"] == "header":
        headers[selector["name"]] = victim_id
    else:
        params[selector["name"]] = victim_id
    response = client.request("GET", path, check=False, headers=headers, params=params)
    if 200 <= response.status_code < 300 or find_leaks(state.knowledge, attacker.tenant, response.content):
        where = f"{selector['in']} `{selector['name']}`"
        return [
            ProbeFailure(
                family=FAMILY.name,
                check=TENANT_SELECTOR_ENFORCED,
                message=f"Expected a refusal, got `{status_text(response.status_code)}` for `GET {path}` as "
                f"`{attacker.id}` with the {where} set to `{victim}` (a tenant it does not belong to)",
                operation=f"GET {path}",
                principal=attacker.id,
                exchange=client.last,
            )
        ]
    return []
