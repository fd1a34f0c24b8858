"""The preflight's baseline probe: each tenant is set up as tenants.yaml says (currency, timezone, plan).

The values are read from the identity probe's answer, or from the GET operation a tenant names in
``baseline_source`` (a settings page under the tenant's own path, say).
"""

from __future__ import annotations

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Tenant
from tenantprobe.core.exchange import Exchange, status_text
from tenantprobe.core.state import RunState
from tenantprobe.families.preflight.result import ProbeResult
from tenantprobe.tenancy.identity import IdentityResult, resolve_pointer


def baseline_results(
    state: RunState, tenant: Tenant, identities: dict[str, IdentityResult], operation: str
) -> list[ProbeResult]:
    if not tenant.baseline:
        return [ProbeResult(tenant.name, "baseline", "skip", f"tenants.{tenant.name}.baseline is not set")]
    members = [identities[p.id] for p in (tenant.admin, *tenant.principals)]
    source = next((r for r in members if r.authenticated and r.exchange is not None), None)
    if source is None or source.exchange is None:
        return [ProbeResult(tenant.name, "baseline", "skip", "no principal of this tenant authenticates")]
    exchange: Exchange = source.exchange
    if tenant.baseline_source:
        # Another GET than the identity probe (a tenant's settings page), in the tenant's own path.
        operation = tenant.baseline_source
        read = read_baseline_source(state, tenant, tenant.baseline_source)
        if read is None or read.status is None or not 200 <= read.status < 300:
            got = f"`{status_text(read.status)}`" if read and read.status else "no response"
            message = (
                f"Expected a 2xx for `{operation}` as `{tenant.admin.id}`, got {got}: fix "
                f"tenants.{tenant.name}.baseline_source (a GET operation of the spec)"
            )
            return [ProbeResult(tenant.name, "baseline", "fail", message, False, operation, read)]
        exchange = read
    body = exchange.json()
    results = []
    for pointer, expected in tenant.baseline.items():
        got = resolve_pointer(body, pointer)
        if got == expected or (got is not None and str(got) == str(expected)):
            results.append(ProbeResult(tenant.name, "baseline", "ok", operation=operation))
            continue
        message = (
            f"Expected `{pointer}` = `{expected}` for tenant `{tenant.name}`, got `{got}` from `{operation}` "
            f"as `{exchange.principal or source.principal}`: set it in the target, or fix "
            f"tenants.{tenant.name}.baseline"
        )
        results.append(ProbeResult(tenant.name, "baseline", "fail", message, False, operation, exchange))
    return results


def read_baseline_source(state: RunState, tenant: Tenant, source: str) -> Exchange | None:
    """The answer of ``GET /path`` as the tenant's admin (its tenant parameter: the tenant's own)."""
    _method, _, path = source.partition(" ")
    with TargetClient(
        state.config, state.routes, tenant.admin, token=state.tokens.get(tenant.admin.id)
    ) as client:
        try:
            client.get(path, check=False)
        except httpx.HTTPError:
            return None
        return client.last
