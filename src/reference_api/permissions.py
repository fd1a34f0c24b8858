"""Roles and permissions, Spatie style: team-scoped roles, each a set of ``resource.action`` grants."""

from __future__ import annotations

ALL_PERMISSIONS: tuple[str, ...] = (
    "customers.view",
    "customers.create",
    "customers.update",
    "customers.delete",
    "invoices.view",
    "invoices.create",
    "invoices.update",
    "invoices.void",
    "members.view",
    "members.manage",
    "webhooks.manage",
    "team.update",
    "billing.view",
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(ALL_PERMISSIONS),
    "manager": frozenset(
        {
            "customers.view",
            "customers.create",
            "customers.update",
            "customers.delete",
            "invoices.view",
            "invoices.create",
            "invoices.update",
            "invoices.void",
            "members.view",
            "members.manage",
            "webhooks.manage",
            "billing.view",
        }
    ),
    "member": frozenset(
        {
            "customers.view",
            "customers.create",
            "customers.update",
            "invoices.view",
            "invoices.create",
            "members.view",
        }
    ),
    "viewer": frozenset({"customers.view", "invoices.view"}),
    "billing": frozenset(
        {"customers.view", "invoices.view", "invoices.update", "invoices.void", "billing.view"}
    ),
}

ROLES: tuple[str, ...] = tuple(ROLE_PERMISSIONS)

# Nobody may grant a role ranked above their own.
ROLE_RANK: dict[str, int] = {"admin": 4, "manager": 3, "member": 2, "billing": 2, "viewer": 1}


def permissions_of(roles: list[str] | tuple[str, ...]) -> list[str]:
    """The union of the roles' permissions, in the canonical order of ALL_PERMISSIONS."""
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return [permission for permission in ALL_PERMISSIONS if permission in granted]
