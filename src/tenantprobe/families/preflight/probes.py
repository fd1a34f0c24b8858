"""The preflight: is the target usable, and is it set up as tenants.yaml says?

Every probe yields a :class:`ProbeResult` (one per problem, saying what was expected, what was
found and what to fix). Unusable targets and principals are *fatal*: the run stops before any suite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from tenantprobe.core.config import Principal, Tenant
from tenantprobe.core.exchange import Exchange, status_text
from tenantprobe.core.state import RunState
from tenantprobe.families.preflight import SPEC_VALID
from tenantprobe.families.preflight.spec import spec_validation_errors
from tenantprobe.tenancy.identity import IdentityResult, discover_identities, probe_identity, resolve_pointer

Status = Literal["ok", "fail", "skip"]
PROBES = ("reachable", SPEC_VALID, "authenticates", "tenant", "roles", "baseline")


@dataclass(frozen=True)
class ProbeResult:
    subject: str  # "target", a principal id (``red/reader``) or a tenant name
    probe: str
    status: Status
    message: str = ""
    fatal: bool = False
    operation: str = ""
    exchange: Exchange | None = field(default=None, compare=False)


@dataclass
class PreflightReport:
    target: str
    results: list[ProbeResult]

    @property
    def fatal(self) -> list[ProbeResult]:
        return [r for r in self.results if r.status == "fail" and r.fatal]

    @property
    def problems(self) -> list[ProbeResult]:
        return [r for r in self.results if r.status == "fail"]

    def of(self, subject: str, probe: str) -> list[ProbeResult]:
        return [r for r in self.results if r.subject == subject and r.probe == probe]


_REPORTS: dict[int, PreflightReport] = {}


def preflight_report(state: RunState) -> PreflightReport:
    """The preflight of this run, probed once per process."""
    if id(state) not in _REPORTS:
        _REPORTS[id(state)] = run_preflight(state)
    return _REPORTS[id(state)]


def run_preflight(state: RunState) -> PreflightReport:
    results = [_spec_result(state.spec)]
    identity = state.config.identity
    if identity is None:
        reason = "tenants.yaml has no `identity` block: add one so principals can be checked"
        results.append(ProbeResult("target", "reachable", "skip", reason))
        return PreflightReport(state.base_url, results)
    operation = f"GET {identity.path}"
    identities = discover_identities(state)
    unreachable = [r for r in identities.values() if r.status is None]
    if identities and len(unreachable) == len(identities):
        message = (
            f"Expected `{state.base_url}` to answer `{operation}`, got no response "
            f"({unreachable[0].error}): check target.base_url (or --target-url) and that the target is up"
        )
        results.append(ProbeResult("target", "reachable", "fail", message, fatal=True, operation=operation))
        return PreflightReport(state.base_url, results)
    results.append(ProbeResult("target", "reachable", "ok", operation=operation))
    for tenant in state.config.tenants.values():
        for principal in (tenant.admin, *tenant.principals):
            results += _principal_results(state, tenant, principal, identities, operation)
        results += _baseline_results(tenant, identities, operation)
    return PreflightReport(state.base_url, results)


def _spec_result(spec: dict[str, Any]) -> ProbeResult:
    errors = spec_validation_errors(spec)
    if not errors:
        return ProbeResult("target", SPEC_VALID, "ok")
    listed = "\n".join(f"  - {error}" for error in errors)
    message = (
        f"Expected a valid OpenAPI {spec.get('openapi', '')} document, "
        f"got {len(errors)} error(s):\n{listed}\n"
        "Fix the spec the target serves (SDK generators and the contract suite read the same document)."
    )
    return ProbeResult("target", SPEC_VALID, "fail", message)


def _where(principal: Principal) -> str:
    if principal.is_admin:
        return f"tenants.{principal.tenant}.admin"
    return f"tenants.{principal.tenant}.principals.{principal.name}"


def _principal_results(
    state: RunState,
    tenant: Tenant,
    principal: Principal,
    identities: dict[str, IdentityResult],
    operation: str,
) -> list[ProbeResult]:
    found = identities[principal.id]
    who = principal.id
    if not found.authenticated:
        got = f"no response ({found.error})"
        if found.status is not None:
            got = f"`{status_text(found.status)}`"
        message = (
            f"Expected a 2xx for `{operation}` as `{who}`, got {got}: the credential is rejected or "
            f"missing. Check {_where(principal)} in tenants.yaml and the environment variable it names."
        )
        return [ProbeResult(who, "authenticates", "fail", message, True, operation, found.exchange)]
    results = [ProbeResult(who, "authenticates", "ok", operation=operation, exchange=found.exchange)]
    results.append(_tenant_result(state, tenant, principal, found, identities, operation))
    results += _role_results(state, principal, found, operation)
    return results


def _tenant_result(
    state: RunState,
    tenant: Tenant,
    principal: Principal,
    found: IdentityResult,
    identities: dict[str, IdentityResult],
    operation: str,
) -> ProbeResult:
    identity = state.config.identity
    assert identity is not None
    if identity.tenant_key:
        expected, got, what = tenant.key, found.tenant_key, f"tenant key at `{identity.tenant_key}`"
        fix = f"give {_where(principal)} a credential of `{tenant.key}`, or fix tenants.{tenant.name}.key"
    else:
        admin = identities[tenant.admin.id]
        if principal.is_admin or admin.tenant_id is None:
            return ProbeResult(principal.id, "tenant", "skip", "identity.tenant_key is not set")
        expected, got, what = admin.tenant_id, found.tenant_id, f"tenant id at `{identity.tenant_id}`"
        fix = f"give {_where(principal)} a credential of the same tenant as tenants.{tenant.name}.admin"
    if got == expected:
        return ProbeResult(principal.id, "tenant", "ok", operation=operation, exchange=found.exchange)
    message = (
        f"Expected {what} `{expected}` for `{principal.id}`, got `{got}` from `{operation}`: "
        f"the credential belongs to another tenant (or the pointer is wrong); {fix}"
    )
    return ProbeResult(principal.id, "tenant", "fail", message, True, operation, found.exchange)


def _role_results(
    state: RunState, principal: Principal, found: IdentityResult, operation: str
) -> list[ProbeResult]:
    identity = state.config.identity
    assert identity is not None
    if principal.is_admin or not identity.roles:
        reason = "admins only set things up" if principal.is_admin else "identity.roles is not set"
        return [ProbeResult(principal.id, "roles", "skip", reason)]
    results = [_role_result(principal, principal.tenant, principal.role, found, operation, identity.roles)]
    selector = state.config.tenancy.selector
    for other, role in principal.roles_in.items():
        tenant_id = state.knowledge.tenant_ids.get(other)
        if not selector or selector.get("in") != "header" or tenant_id is None:
            reason = f"cannot switch to `{other}`: tenancy.selector is not a header, or its id is unknown"
            results.append(ProbeResult(principal.id, "roles", "skip", reason))
            continue
        switched = probe_identity(state, principal, headers={selector["name"]: tenant_id})
        results.append(_role_result(principal, other, role, switched, operation, identity.roles))
    return results


def _role_result(
    principal: Principal, tenant: str, role: str, found: IdentityResult, operation: str, pointer: str
) -> ProbeResult:
    if found.authenticated and role in found.roles:
        return ProbeResult(principal.id, "roles", "ok", operation=operation, exchange=found.exchange)
    got = f"roles {found.roles}" if found.authenticated else f"status `{found.status}`"
    key = "role" if tenant == principal.tenant else f"roles_in.{tenant}"
    message = (
        f"Expected role `{role}` in `{tenant}` at `{pointer}` for `{principal.id}`, got {got} from "
        f"`{operation}`: assign the role in the target, or fix {_where(principal)}.{key} in tenants.yaml"
    )
    return ProbeResult(principal.id, "roles", "fail", message, False, operation, found.exchange)


def _baseline_results(
    tenant: Tenant, identities: dict[str, IdentityResult], operation: str
) -> list[ProbeResult]:
    if not tenant.baseline:
        return [ProbeResult(tenant.name, "baseline", "skip", f"tenants.{tenant.name}.baseline is not set")]
    members = [identities[p.id] for p in (tenant.admin, *tenant.principals)]
    source = next((r for r in members if r.authenticated and r.exchange is not None), None)
    if source is None or source.exchange is None:
        return [ProbeResult(tenant.name, "baseline", "skip", "no principal of this tenant authenticates")]
    body = source.exchange.json()
    results = []
    for pointer, expected in tenant.baseline.items():
        got = resolve_pointer(body, pointer)
        if got == expected or (got is not None and str(got) == str(expected)):
            results.append(ProbeResult(tenant.name, "baseline", "ok", operation=operation))
            continue
        message = (
            f"Expected `{pointer}` = `{expected}` for tenant `{tenant.name}`, got `{got}` from `{operation}` "
            f"as `{source.principal}`: set it in the target, or fix tenants.{tenant.name}.baseline"
        )
        results.append(
            ProbeResult(tenant.name, "baseline", "fail", message, False, operation, source.exchange)
        )
    return results
