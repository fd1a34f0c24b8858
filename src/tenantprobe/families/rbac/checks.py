"""Passive RBAC checks: run on every response any suite sees."""

from __future__ import annotations

from tenantprobe.core.checks import CheckContext, passive_check
from tenantprobe.core.exchange import Exchange
from tenantprobe.families.rbac import FAMILY, PERMISSION_ENFORCED
from tenantprobe.openapi.operations import find_operation
from tenantprobe.openapi.permissions import holds, required_permission
from tenantprobe.tenancy.membership import memberships, selected_tenant


@passive_check(FAMILY)
def permission_enforced(ctx: CheckContext, exchange: Exchange) -> None:
    """A principal whose role lacks an operation's permission never gets a 2xx from it.

    Only a success is judged: a refusal of a principal that holds the permission may be right
    (a role-escalation attempt, a state conflict), so over-restriction is left to the RBAC suite.
    """
    principal = ctx.principal
    if principal is None or principal.is_admin or exchange.status is None:
        return
    # The role that counts is the one in the tenant the request selected (``roles_in``); a request
    # selecting a tenant the principal is not in is judged by the tests that send it.
    acting = selected_tenant(ctx.config, ctx.state.knowledge, principal, exchange)
    if not 200 <= exchange.status < 300 or acting is None:
        return
    method, _, path = ctx.operation.partition(" ")
    if exchange.method.upper() != method.upper():
        # An undeclared method's answer (OPTIONS, TRACE, HEAD: `200 Allow: ...`) did not run the
        # operation: it says nothing about the operation's permission.
        return
    operation = find_operation(ctx.state.spec, method, path)
    if operation is None:
        return
    permission = required_permission(ctx.config, method, path, operation.spec)
    if permission is None or holds(ctx.config, principal, permission, acting) is not False:
        return
    role = memberships(principal)[acting]
    where = "" if acting == principal.tenant else f" in `{acting}`"
    raise ctx.fail(
        PERMISSION_ENFORCED,
        FAMILY,
        f"Expected {' or '.join(map(str, ctx.config.permissions.denied_status))}, got `{exchange.status}` "
        f"for `{ctx.operation}` as `{principal.id}`, whose role{where} `{role}` lacks `{permission}`",
        exchange,
    )
