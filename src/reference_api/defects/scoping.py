"""Defects the scoping family must catch: one tenant reaching another tenant's data."""

from __future__ import annotations

from typing import Any

from reference_api.defects import defect


@defect("team_header_spoofing", "scoping")
def team_header_spoofing(
    ctx: Any, team_id: Any, user_id: Any, home_team_id: Any
) -> tuple[Any, tuple[str, ...]]:
    """``X-Team-Id`` switches into ANY existing team, keeping the roles of the token's own team.

    The membership check was replaced by an existence check. A viewer of acme sends
    ``X-Team-Id: <globex id>`` and reads globex's data. The scoping family must catch it
    (tenant-selector spoofing must be refused with 403). In the path dialect the ``{org}`` segment is
    the selector: every existing organisation's path serves a non-member (a non-existent one still
    answers 404), acting with the token's own team's roles.
    """
    from reference_api.errors import forbidden

    exists = team_id is not None and ctx.db.scalar("SELECT 1 FROM teams WHERE id = ?", (team_id,))
    if not exists:
        raise forbidden("You are not a member of the requested team.")
    sql = "SELECT role FROM memberships WHERE team_id = ? AND user_id = ?"
    rows = ctx.db.all(sql, (home_team_id, user_id))
    return team_id, tuple(row["role"] for row in rows)


@defect("cross_tenant_read_by_id", "scoping")
def cross_tenant_read_by_id() -> None:
    """``GET /invoices/{id}`` finds the invoice by id alone: any team's invoice is readable.

    ``Invoice::findOrFail($id)`` instead of ``$team->invoices()->findOrFail($id)``. The scoping family
    must catch it (another team's object answers 404). The show handler uses ``find_by_id_only``.
    """


@defect("cross_tenant_update_by_id", "scoping")
def cross_tenant_update_by_id() -> None:
    """``PATCH /customers/{id}`` updates another team's customer when given its id.

    The lookup before the update forgot the team scope. The scoping family must catch it (write
    side, confirmed by the victim re-reading the object).
    """


@defect("cross_tenant_delete_by_id", "scoping")
def cross_tenant_delete_by_id() -> None:
    """``DELETE /customers/{id}`` deletes another team's customer when given its id.

    The scoping family must catch it (the victim's object must survive; the attacker gets 404).
    """


@defect("search_or_clause_leaks_rows", "scoping")
def search_or_clause_leaks_rows(team_id: Any, search: str) -> tuple[list[str], list[Any]]:
    """``GET /customers?search=`` leaks other teams' rows whose email matches the term.

    The classic ``->where('team_id', ..)->where('name', 'like', ..)->orWhere('email', 'like', ..)``:
    the OR binds loosest, so the email branch escapes the team scope. The scoping family must catch
    it (no other tenant's canary in lists or search results).
    """
    from reference_api.queries import like_pattern

    clause = "team_id = ? AND name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\'"
    return [clause], [team_id, like_pattern(search), like_pattern(search)]


@defect("invoice_customer_filter_unscoped", "scoping")
def invoice_customer_filter_unscoped(customer_id: Any) -> tuple[list[str], list[Any]]:
    """``GET /invoices?customer_id=`` replaces the team condition instead of adding to it.

    Filtering by another team's customer id lists that team's invoices. The scoping family must
    catch it (no leak through filters).
    """
    return ["customer_id = ?"], [customer_id]


@defect("team_id_mass_assignment", "scoping")
async def team_id_mass_assignment(request: Any, ctx: Any, schema_name: str, team_id: Any) -> tuple[Any, Any]:
    """Customer create and update accept a ``team_id`` field and honour it.

    ``team_id`` is on the model's fillable list: a member of acme creates (or moves) a customer into
    globex. The scoping family must catch it (tenant field mass assignment refused; the victim
    must not see the object).
    """
    from reference_api.validation import json_object, validate

    payload = await json_object(request)
    requested = payload.pop("team_id", None)
    # A body of `team_id` alone is a move; any other body is validated as the clean build does.
    moves_only = not payload and requested is not None and not schema_name.endswith("Create")
    body = {} if moves_only else validate(ctx.settings.ids, schema_name, payload)
    if requested is not None and ctx.db.scalar("SELECT 1 FROM teams WHERE id = ?", (requested,)):
        team_id = requested
    return body, team_id


@defect("invoice_accepts_foreign_customer", "scoping")
def invoice_accepts_foreign_customer(ctx: Any, customer_id: Any) -> Any:
    """``POST /invoices`` accepts another team's ``customer_id`` (an ``exists:customers,id`` rule).

    The existence check is not scoped to the team, so an invoice of acme points at globex's
    customer. The scoping family must catch it (cross-tenant references refused with 404/422).
    """
    return ctx.db.one("SELECT id FROM customers WHERE id = ?", (customer_id,))
