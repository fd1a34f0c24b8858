"""The covering design: every operation, ordered tenant pair and role at least once, and no more."""

from __future__ import annotations

import pytest

from tenantprobe.core.config import Principal
from tenantprobe.core.config.model import Credentials
from tenantprobe.tenancy.pairing import coverage, covering_pairings, ordered_pairs

ROLES = ("manager", "member", "viewer", "billing")


def matrix(tenants: int) -> tuple[list[str], list[Principal]]:
    names = [f"t{i}" for i in range(tenants)]
    principals = [Principal(t, role, role, Credentials()) for t in names for role in ROLES]
    return names, principals


@pytest.mark.parametrize("tenants", [2, 4, 8])
def test_every_operation_pair_and_role_is_covered(tenants: int) -> None:
    names, principals = matrix(tenants)
    operations = [f"GET /things{i}/{{id}}" for i in range(9)]
    pairings = covering_pairings(operations, principals, names)
    covered = coverage(pairings)
    assert covered["operations"] == set(operations)
    assert covered["pairs"] == {f"{a}->{b}" for a, b in ordered_pairs(names)}
    assert covered["roles"] == set(ROLES)
    assert len(pairings) == max(len(operations), tenants * (tenants - 1), len(ROLES))
    assert all(p.attacker.tenant != p.victim for p in pairings)


def test_attackers_hold_the_operation_and_never_belong_to_the_victim() -> None:
    names, principals = matrix(3)
    consultant = Principal("t0", "consultant", "member", Credentials(), roles_in={"t1": "viewer"})
    may = {"DELETE /things/{id}": {"manager"}, "GET /things/{id}": set(ROLES)}
    pairings = covering_pairings(list(may), [*principals, consultant], names, lambda p, op: p.role in may[op])
    assert {p.operation for p in pairings} == set(may)
    for pairing in pairings:
        assert pairing.attacker.role in may[pairing.operation]
        assert not (pairing.attacker.name == "consultant" and pairing.victim == "t1")
    assert coverage(pairings)["pairs"] == {f"{a}->{b}" for a, b in ordered_pairs(names)}


def test_a_single_tenant_has_nothing_to_pair() -> None:
    names, principals = matrix(1)
    assert covering_pairings(["GET /x/{id}"], principals, names) == []


def test_no_probe_is_planned_twice_when_a_role_falls_back_to_the_same_attacker() -> None:
    names, principals = matrix(2)
    may = {"POST /things": {"manager"}}  # only one attacker per tenant: every step falls back to it
    pairings = covering_pairings(list(may), principals, names, lambda p, op: p.role in may[op])
    labels = [pairing.label for pairing in pairings]
    assert len(labels) == len(set(labels)) == 2
