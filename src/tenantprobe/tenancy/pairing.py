"""The covering design: which attacker, victim and operation each cross-tenant probe uses.

Probing every operation x every principal x every other tenant grows as n^2 in tenants. Instead
each run makes ``max(operations, ordered tenant pairs, roles)`` probes and walks the three lists in
step, so every operation, every ordered pair (attacker tenant, victim tenant) and every role is
covered at least once; the walk is a rotation, so runs with the same matrix probe the same cells.
An operation is only given attackers that hold its permission (the strongest attacker: a principal
refused for lack of permission proves nothing about scoping), and never a principal that belongs
to the victim tenant too (a multi-tenant user may see both).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tenantprobe.core.config import Principal


@dataclass(frozen=True)
class Pairing:
    operation: str
    attacker: Principal
    victim: str  # tenant name

    @property
    def label(self) -> str:
        return f"{self.operation} as {self.attacker.id} on {self.victim}"


def ordered_pairs(tenants: Sequence[str]) -> list[tuple[str, str]]:
    return [(a, b) for a in tenants for b in tenants if a != b]


def covering_pairings(
    operations: Sequence[str],
    principals: Sequence[Principal],
    tenants: Sequence[str],
    may_attack: Callable[[Principal, str], bool] = lambda principal, operation: True,
) -> list[Pairing]:
    """At least one probe per operation, per ordered tenant pair and per role (see module doc)."""
    pairs = ordered_pairs(tenants)
    roles = sorted({p.role for p in principals})
    if not operations or not pairs or not roles:
        return []
    found: list[Pairing] = []
    for step in range(max(len(operations), len(pairs), len(roles))):
        operation = operations[step % len(operations)]
        attacker_tenant, victim = pairs[step % len(pairs)]
        wanted_role = roles[step % len(roles)]
        candidates = [
            p
            for p in principals
            if p.tenant == attacker_tenant and victim not in p.roles_in and may_attack(p, operation)
        ]
        if not candidates:
            continue
        # The wanted role where the tenant has it, else the next role in the rotation.
        candidates.sort(key=lambda p: (roles.index(p.role) - roles.index(wanted_role)) % len(roles))
        pairing = Pairing(operation, candidates[0], victim)
        # A fallback role can land two steps on the same probe: one test each, not two alike.
        if all(pairing.label != earlier.label for earlier in found):
            found.append(pairing)
    return found + _top_up(found, operations, principals, pairs, may_attack)


def _top_up(
    found: list[Pairing],
    operations: Sequence[str],
    principals: Sequence[Principal],
    pairs: list[tuple[str, str]],
    may_attack: Callable[[Principal, str], bool],
) -> list[Pairing]:
    """Probes for what the rotation missed (an operation some steps' attackers may not call)."""
    extra: list[Pairing] = []
    options = [
        Pairing(operation, p, victim)
        for operation in operations
        for attacker_tenant, victim in pairs
        for p in principals
        if p.tenant == attacker_tenant and victim not in p.roles_in and may_attack(p, operation)
    ]
    for aspect in ("operations", "pairs", "roles"):
        covered = coverage(found + extra)[aspect]
        for option in options:
            key = next(iter(coverage([option])[aspect]))
            if key not in covered:
                extra.append(option)
                covered.add(key)
    return extra


def coverage(pairings: Sequence[Pairing]) -> dict[str, set[str]]:
    """What a set of pairings covers: operations, ordered pairs (``a->b``) and roles."""
    return {
        "operations": {p.operation for p in pairings},
        "pairs": {f"{p.attacker.tenant}->{p.victim}" for p in pairings},
        "roles": {p.attacker.role for p in pairings},
    }
