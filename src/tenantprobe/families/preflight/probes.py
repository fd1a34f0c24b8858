"""The preflight: is the target usable, and is it set up as tenants.yaml says?

Every probe yields a :class:`ProbeResult` (one per problem, saying what was expected, what was
found and what to fix). Unusable targets and principals are *fatal*: the run stops before any suite.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tenantprobe.core.config import Principal, Tenant
from tenantprobe.core.exchange import status_text
from tenantprobe.core.state import RunState
from tenantprobe.families.preflight import SPEC_VALID
from tenantprobe.families.preflight.baseline import baseline_results
from tenantprobe.families.preflight.refusal import answer_message, refusal_advice
from tenantprobe.families.preflight.result import ProbeResult
from tenantprobe.families.preflight.spec import spec_validation_errors
from tenantprobe.tenancy.identity import IdentityResult, discover_identities, probe_identity

PROBES = ("reachable", SPEC_VALID, "pointers", "authenticates", "tenant", "roles", "baseline")


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
    results.append(_pointer_result(identities, operation))
    for tenant in state.config.tenants.values():
        for principal in (tenant.admin, *tenant.principals):
            results += _principal_results(state, tenant, principal, identities, operation)
        results += baseline_results(state, tenant, identities, operation)
    return PreflightReport(state.base_url, results)


def _pointer_result(identities: dict[str, IdentityResult], operation: str) -> ProbeResult:
    """Every identity pointer of tenants.yaml matches something for some principal (else a config error)."""
    answered = [r for r in identities.values() if r.authenticated]
    if not answered:
        return ProbeResult("target", "pointers", "skip", "no principal authenticates")
    unmatched = sorted(set.intersection(*(set(r.unmatched) for r in answered)))
    if not unmatched:
        return ProbeResult("target", "pointers", "ok", operation=operation)
    body = answered[0].exchange.json() if answered[0].exchange else None
    keys = sorted(body) if isinstance(body, dict) else []
    message = (
        f"tenants.yaml: {', '.join(f'`{key}`' for key in unmatched)} match(es) nothing in any answer of "
        f"`{operation}` (its top-level keys: {', '.join(keys) or 'none'}): fix the JSON pointer in the "
        "identity block (a pointer that matches nothing would read as no roles at all)"
    )
    exchange = answered[0].exchange
    return ProbeResult("target", "pointers", "fail", message, True, operation, exchange)


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
        said = answer_message(found.exchange)
        got += f' saying "{said}"' if said and found.status is not None else ""
        advice = refusal_advice(state.config, principal, found.status, _where(principal))
        message = f"Expected a 2xx for `{operation}` as `{who}`, got {got}: {advice}"
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
    if tenant.id is not None and found.tenant_id is not None and found.tenant_id != tenant.id:
        message = (
            f"Expected tenant id `{tenant.id}` (tenants.{tenant.name}.id) at `{identity.tenant_id}` for "
            f"`{principal.id}`, got `{found.tenant_id}` from `{operation}`: fix tenants.{tenant.name}.id, "
            f"or give {_where(principal)} a credential of that tenant"
        )
        return ProbeResult(principal.id, "tenant", "fail", message, True, operation, found.exchange)
    if identity.memberships and not identity.tenant_key:
        if found.roles_in(tenant.key, state.knowledge.tenant_ids.get(tenant.name)) is not None:
            return ProbeResult(principal.id, "tenant", "ok", operation=operation, exchange=found.exchange)
        message = (
            f"Expected `{principal.id}` to be a member of `{tenant.key}` "
            f"at `{identity.memberships['items']}`, "
            f"got memberships of {sorted(found.memberships)} from `{operation}`: the credential belongs to "
            f"another tenant; give {_where(principal)} a credential of `{tenant.key}`"
        )
        return ProbeResult(principal.id, "tenant", "fail", message, True, operation, found.exchange)
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
    by_membership = bool(identity.memberships and identity.memberships.get("role"))
    if principal.is_admin or not (identity.roles or by_membership):
        reason = "admins only set things up" if principal.is_admin else "identity.roles is not set"
        return [ProbeResult(principal.id, "roles", "skip", reason)]
    if by_membership and identity.memberships:
        # Memberships name each tenant's role: every tenant of the principal is checked in one answer.
        pointer = f"{identity.memberships['items']}[*]{identity.memberships['role']}"
        return [
            _role_result(
                principal, tenant, role, found, operation, pointer, _membership_roles(state, found, tenant)
            )
            for tenant, role in {principal.tenant: principal.role, **principal.roles_in}.items()
        ]
    assert identity.roles is not None
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


def _membership_roles(state: RunState, found: IdentityResult, tenant: str) -> list[str]:
    known = state.config.tenants[tenant]
    return found.roles_in(known.key, state.knowledge.tenant_ids.get(tenant), tenant) or []


def _role_result(
    principal: Principal,
    tenant: str,
    role: str,
    found: IdentityResult,
    operation: str,
    pointer: str,
    roles: list[str] | None = None,
) -> ProbeResult:
    seen = found.roles if roles is None else roles
    if found.authenticated and role in seen:
        return ProbeResult(principal.id, "roles", "ok", operation=operation, exchange=found.exchange)
    got = f"roles {seen}" if found.authenticated else f"status `{found.status}`"
    key = "role" if tenant == principal.tenant else f"roles_in.{tenant}"
    message = (
        f"Expected role `{role}` in `{tenant}` at `{pointer}` for `{principal.id}`, got {got} from "
        f"`{operation}`: assign the role in the target, or fix {_where(principal)}.{key} in tenants.yaml"
    )
    return ProbeResult(principal.id, "roles", "fail", message, False, operation, found.exchange)
