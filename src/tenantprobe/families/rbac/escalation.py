"""No role escalation, and identities that report exactly the expected roles and permissions.

Role fields are found in the spec (body properties whose enum is a set of configured roles). A
member-management operation must refuse granting a role ranked above the caller's, and changing
the caller's own role; any other write must ignore a role field slipped into its body.
"""

from __future__ import annotations

from tenantprobe.core.config import Principal
from tenantprobe.core.exchange import status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.families.rbac import FAMILY, IDENTITY_MATCHES, PERMISSION_ENFORCED, ROLE_ESCALATION_REFUSED
from tenantprobe.families.rbac.roles import is_self, matrix_operations, member_items, role_fields
from tenantprobe.openapi.operations import Operation, fill_path, json_body_schema, operations
from tenantprobe.openapi.permissions import holds, required_permission
from tenantprobe.tenancy.carrier import in_tenant
from tenantprobe.tenancy.identity import IdentityResult, probe_identity
from tenantprobe.tenancy.kit import ProbeKit
from tenantprobe.tenancy.membership import memberships


def escalation_operations(kit: ProbeKit) -> list[Operation]:
    """Item operations whose body sets a role (member management)."""
    fields = role_fields(kit.state)
    found = []
    for op in operations(kit.state.spec):
        props = (json_body_schema(kit.state.spec, op) or {}).get("properties") or {}
        if op.params and fields & set(props):
            found.append(op)
    return found


def grant_above_own_refused(kit: ProbeKit, operation: Operation, principal: Principal) -> list[ProbeFailure]:
    """Granting a role ranked above one's own, to another member or to oneself, is refused."""
    config = kit.state.config
    rank = config.permissions.rank
    above = [role for role, value in rank.items() if value > rank.get(principal.role, 0)]
    if not above:
        raise LookupError(f"no role ranks above `{principal.role}`")
    field = sorted(role_fields(kit.state) & set((json_body_schema(kit.state.spec, operation) or {}).get(
        "properties", {})))[0]  # fmt: skip
    failures: list[ProbeFailure] = []
    client = kit.client_for(principal)
    targets: dict[str, tuple[str, str] | None] = {"another member": None, "itself": None}
    for item_id, role, item in member_items(kit, operation, principal):
        key = "itself" if is_self(kit, principal, item) else "another member"
        if targets[key] is None and (key == "itself" or rank.get(role, 0) < rank.get(principal.role, 0)):
            targets[key] = (item_id, role)
    for whom, target in targets.items():
        if target is None:
            continue
        item_id, role = target
        path = fill_path(operation.path, {operation.params[-1]: item_id})
        top = max(above, key=lambda name: rank[name])
        response = client.request(
            operation.method, path, json={field: top}, operation=operation.key, check=False
        )
        if 200 <= response.status_code < 300:
            failures.append(ProbeFailure(
                family=FAMILY.name, check=ROLE_ESCALATION_REFUSED, operation=operation.key,
                principal=principal.id, exchange=client.last,
                message=f"Expected a refusal, got `{status_text(response.status_code)}` "
                        f"for `{operation.key}` as "
                f"`{principal.id}` (`{principal.role}`) granting `{top}` "
                f"to {whom}",
            ))  # fmt: skip
            kit.admin(principal.tenant).request(operation.method, path, json={field: role}, check=False)
    return failures


def role_field_ignored(kit: ProbeKit, operation: Operation, principal: Principal) -> list[ProbeFailure]:
    """A role field slipped into another write's body does not change the caller's roles."""
    fields = sorted(role_fields(kit.state))
    rank = kit.state.config.permissions.rank
    if not fields or not rank:
        raise LookupError("the spec names no role field, or tenants.yaml ranks no roles")
    top = max(rank, key=lambda role: rank[role])
    body = kit.body_for(operation, principal.tenant, kit.marker(principal, operation))
    if not isinstance(body, dict):
        raise LookupError(f"`{operation.key}` takes no JSON object body")
    body[fields[0]] = top
    client = kit.client_for(principal)
    before = probe_identity(kit.state, principal, client=client)
    response = client.request(
        operation.method, operation.path, json=body, operation=operation.key, check=False
    )
    exchange = client.last
    after = probe_identity(kit.state, principal, client=client)
    if not after.roles or set(after.roles) == set(before.roles):
        return []
    _restore_role(kit, principal)
    return [
        ProbeFailure(
            family=FAMILY.name, check=ROLE_ESCALATION_REFUSED, operation=operation.key,
            principal=principal.id,
            exchange=exchange,
            message=f"`{operation.key}` as `{principal.id}` (`{principal.role}`) with `{fields[0]}` set to "
            f"`{top}` answered `{status_text(response.status_code)}` and the identity now reports roles "
            f"{sorted(after.roles)}",
        )
    ]  # fmt: skip


def mass_assignment_operations(kit: ProbeKit) -> list[Operation]:
    """Writes without path parameters whose body declares no role field (profiles, settings)."""
    fields = role_fields(kit.state)
    return [
        op
        for op in operations(kit.state.spec)
        if op.method in ("PUT", "PATCH") and not op.params
        and (schema := json_body_schema(kit.state.spec, op)) is not None
        and not fields & set(schema.get("properties") or {})
    ]  # fmt: skip


def may_call(kit: ProbeKit, principal: Principal, operation: Operation) -> bool:
    config = kit.state.config
    return holds(config, principal, required_permission(config, operation.method, operation.path,
                                                        operation.spec)) is True  # fmt: skip


def _restore_role(kit: ProbeKit, principal: Principal) -> None:
    fields = sorted(role_fields(kit.state))
    for operation in escalation_operations(kit):
        for item_id, _role, item in member_items(kit, operation, principal):
            if is_self(kit, principal, item):
                path = fill_path(operation.path, {operation.params[-1]: item_id})
                kit.admin(principal.tenant).request(operation.method, path, json={fields[0]: principal.role},
                                                    check=False)  # fmt: skip
                return


def identity_mismatches(kit: ProbeKit, principal: Principal, result: IdentityResult) -> list[ProbeFailure]:
    """The identity reports the principal's role and exactly its permissions, per tenant it is in."""
    config = kit.state.config
    failures = []
    operation = f"GET {config.identity.path}" if config.identity else ""
    for tenant, role in memberships(principal).items():
        expected = config.expected_permissions(role)
        seen = result if tenant == principal.tenant else _identity_in(kit, principal, tenant)
        if expected is None or seen is None or not seen.authenticated:
            continue
        problems = []
        if config.identity and config.identity.permissions and set(seen.permissions) != expected:
            extra, missing = (
                sorted(set(seen.permissions) - expected),
                sorted(expected - set(seen.permissions)),
            )
            problems.append(f"permissions differ (extra {extra}, missing {missing})")
        roles = _roles_reported(kit, result, seen, tenant)
        if roles and set(roles) != {role}:
            problems.append(f"roles {sorted(roles)} instead of [{role!r}]")
        if problems:
            failures.append(ProbeFailure(
                family=FAMILY.name, check=IDENTITY_MATCHES, operation=operation, principal=principal.id,
                exchange=seen.exchange,
                message=f"`{operation}` as `{principal.id}` in `{tenant}` (role `{role}`): "
                + "; ".join(problems),
            ))  # fmt: skip
    return failures


def _identity_in(kit: ProbeKit, principal: Principal, tenant: str) -> IdentityResult | None:
    """The identity as seen with the request moved into ``tenant`` by the carrier; None when it cannot
    be (an identity path that names no tenant: its memberships name each tenant's role instead)."""
    identity = kit.state.config.identity
    switch = in_tenant(kit.state, identity.path, tenant) if identity else None
    if switch is None:
        return None
    return probe_identity(
        kit.state, principal, headers=switch.headers, path=switch.path, params=switch.params
    )


def _roles_reported(kit: ProbeKit, result: IdentityResult, seen: IdentityResult, tenant: str) -> list[str]:
    """The roles the identity reports in ``tenant``: its membership entry, else the moved answer's roles."""
    identity = kit.state.config.identity
    if identity and identity.memberships and identity.memberships.get("role"):
        known = kit.state.config.tenants[tenant]
        return result.roles_in(known.key, kit.state.knowledge.tenant_ids.get(tenant), tenant) or []
    return seen.roles if identity and identity.roles else []


def roles_follow_the_tenant(kit: ProbeKit, principal: Principal, tenant: str) -> list[ProbeFailure]:
    """Moved into another of its tenants (by the path, a header or a query parameter), a principal holds
    only that tenant's role's permissions."""
    config = kit.state.config
    candidates = []
    for op in matrix_operations(kit.state):
        needed = required_permission(config, op.method, op.path, op.spec)
        if not op.params and op.method == "GET" and holds(config, principal, needed) is True:
            switch = in_tenant(kit.state, op.path, tenant)
            if switch is not None and holds(config, principal, needed, tenant) is False:
                candidates.append((op, needed, switch))
    if not candidates:
        raise LookupError(
            f"`{principal.id}` holds nothing in its own tenant that it lacks in `{tenant}` on an operation "
            "the tenant carrier can move there (no carrier, or the tenant's id is unknown)"
        )
    op, needed, switch = candidates[0]
    client = kit.client_for(principal)
    response = client.request(
        "GET", switch.path, operation=op.key, check=False, headers=switch.headers, params=switch.params
    )
    if not 200 <= response.status_code < 300:
        return []
    return [
        ProbeFailure(
            family=FAMILY.name, check=PERMISSION_ENFORCED, operation=op.key, principal=principal.id,
            exchange=client.last,
            message=f"Expected {' or '.join(map(str, config.permissions.denied_status))}, got "
            f"`{status_text(response.status_code)}` "
            f"for `{op.key}` as `{principal.id}` switched into `{tenant}`, "
            f"where its role `{principal.roles_in[tenant]}` lacks `{needed}` (roles must follow the tenant)",
        )
    ]  # fmt: skip
