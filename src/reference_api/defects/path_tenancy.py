"""Defects only the path-tenancy dialect has: the ``{org}`` segment trusted where it must be checked.

Both need ``--tenancy path``; in the header dialect there is no ``{org}`` to trust.
"""

from __future__ import annotations

from reference_api.defects import defect

# The one operation whose route group lost its membership middleware, as (method, header-dialect path).
UNCHECKED_OPERATION = ("GET", "/api/v1/invoices")


@defect("org_membership_not_checked", "scoping")
def org_membership_not_checked(operation: tuple[str, str], home_roles: tuple[str, ...]) -> tuple[str, ...]:
    """``GET /orgs/{org}/invoices`` never checks that the caller belongs to ``{org}``.

    The listing was registered outside the route group that carries the membership middleware, so
    a non-member lists any organisation's invoices, acting with the roles of the token's own team.
    Every other operation still answers 404. The scoping family must catch it (another tenant's path
    with one's own credential must look like a non-existent organisation; confirmed by the victim's
    data appearing in the answer).
    """
    return home_roles if operation == UNCHECKED_OPERATION else ()


@defect("object_not_scoped_to_path_org", "scoping")
def object_not_scoped_to_path_org() -> None:
    """``GET /orgs/{org}/customers/{id}`` checks membership of ``{org}``, then finds the customer by id alone.

    The route lacks scoped bindings (Laravel's ``scopeBindings()``): ``{customer}`` is resolved
    globally, so a member of acme reads globex's customer under acme's own path. The scoping family
    must catch it (one's own tenant path with another tenant's object id answers 404). The show
    handler uses ``find_by_id_only``.
    """


PATH_ONLY_DEFECTS = ("org_membership_not_checked", "object_not_scoped_to_path_org")
