"""Where a generated write by id lands: never on an object the run knows and did not create to fuzz.

The scoping, RBAC, webhooks and events probes aim at objects the run knows: what each tenant's
admin listed (seeded data included), the canaries, what a test created on purpose. A generated
DELETE, PATCH, PUT or action by id on one of them removes or changes a probe's victim (a deleted
parent takes its dependents along), and the probe ends unproven instead of caught. So before a
generated write goes out, each path id of it that names such an object is swapped for an object the
contract suite created itself in that collection (a fresh one for a DELETE, ``fuzz_targets``; its
generated POSTs, its link sequences), else for an id no known object has: the handler is still
reached, its success path too, on something no other test relies on.
A drawn id that names nothing (random UUIDs always do) only ever reaches the not-found path: until
an operation has been answered 2xx once, its first valid writes (``REACH_TRIES`` at most) go to an
object of the contract suite in the sender's tenant as well, so the success path is reached whatever
the id type. A negative case keeps its drawn id: it may be the very value meant to be refused.
Outside ``local`` mode every id the contract suite did not create is swapped: an id the run does
not know may still be someone's data. Each swap is tallied with its reason for the run's coverage.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.config import SAFE_METHODS
from tenantprobe.core.ledger import CREATED
from tenantprobe.core.shared_ids import SHARED_IDS
from tenantprobe.core.state import RunState
from tenantprobe.families.contract.fuzz_targets import FuzzTargets
from tenantprobe.families.contract.references import is_positive
from tenantprobe.openapi.operations import create_operations, list_operations
from tenantprobe.tenancy.canaries import CanarySet
from tenantprobe.tenancy.leaks import typed_ids

CANARY = "a canary"
ON_PURPOSE = "created on purpose by another test"
LISTED = "listed by a tenant's admin"
NOT_CREATED = "not created by the contract suite (mode `{mode}`)"
OWN = "an object the contract suite created"
MADE_UP = "an id no known object has"
REACH = "the drawn id names no object: aimed once at a real one to reach the success path"
REACH_TRIES = 4  # writes per operation aimed at a real object before a 2xx was seen
_MADE_UP_NUMBER = 999_000_000  # far above any id a test deployment hands out, inside 32 bits


@dataclass
class KeptOff:
    """This process's tally: (operation, why the id was kept off, what it was swapped for) -> writes."""

    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, operation: str, why: str, swapped_for: str) -> None:
        with self.lock:
            self.counts[(operation, why, swapped_for)] += 1

    def rows(self) -> list[dict[str, Any]]:
        with self.lock:
            return [
                {"operation": operation, "why": why, "swapped_for": swapped_for, "writes": writes}
                for (operation, why, swapped_for), writes in sorted(self.counts.items())
            ]


KEPT_OFF = KeptOff()


def id_parameters(path: str, tenant_parameter: str | None) -> dict[str, str]:
    """Path parameter -> the collection its value is an id in (the path before it)."""
    found: dict[str, str] = {}
    prefix = ""
    for segment in path.split("/")[1:]:
        if segment.startswith("{") and segment.endswith("}") and segment[1:-1] != tenant_parameter:
            found[segment[1:-1]] = prefix
        prefix += "/" + segment
    return found


def made_up_id(example: str, turn: int) -> str:
    """An id shaped like ``example`` (a number, a UUID, a slug) that no object of the target has."""
    if example.isdigit():
        return str(_MADE_UP_NUMBER + turn % 1000)
    if len(example) == 36 and example.count("-") == 4:
        return f"00000000-0000-4000-8000-{turn % 16**12:012x}"
    return f"tp-none-{turn}"


class WriteAim:
    """Keeps the path ids of generated writes off every object the run knows and did not fuzz-create."""

    def __init__(self, state: RunState, canaries: CanarySet | None) -> None:
        self.state = state
        self.canaries = canaries
        self.mode = state.config.target.mode
        carrier = state.carrier
        self.tenant_parameter = carrier.name if carrier is not None and carrier.kind == "path" else None
        self._turns: dict[str, int] = {}
        self._reached: set[str] = set()  # write operations already answered 2xx
        self._reach_tries: Counter[str] = Counter()
        self.targets = FuzzTargets(state, canaries)
        # Outside local mode, ids of what the run could create (and so remove) are re-aimed unless
        # the contract suite made them; an id in any other place (a tenant's id) is left as drawn.
        self.creatable = {op.path for op in [*list_operations(state.spec), *create_operations(state.spec)]}

    def answered(self, case: Any, status: int) -> None:
        """Note an answer to a generated request: a 2xx write has reached its success path."""
        if 200 <= status < 300:
            self._reached.add(f"{case.operation.method.upper()} {case.operation.path}")

    def aim(self, case: Any, tenant: str | None = None) -> list[str]:
        """Swap each path id of a generated write that names a known object; why, once per swap.
        ``tenant``: whose object a write aimed at a real one goes to (the sender's)."""
        operation = case.operation
        values = case.path_parameters
        if operation.method.upper() in SAFE_METHODS or not values:
            return []
        label = f"{operation.method.upper()} {operation.path}"
        reasons = []
        for name, collection in id_parameters(operation.path, self.tenant_parameter).items():
            value = values.get(name)
            if value is None or isinstance(value, bool):
                continue
            known = self.known(collection)
            own = [item for item in CREATED.generated_in(collection) if item not in known]
            why = known.get(str(value))
            if why is None and self.mode != "local" and collection in self.creatable:
                why = None if str(value) in own else NOT_CREATED.format(mode=self.mode)
            reachable = (
                label not in self._reached and self._reach_tries[label] < REACH_TRIES and is_positive(case)
            )
            if why is None and reachable and collection in self.creatable and str(value) not in own:
                why = REACH
                self._reach_tries[label] += 1
            if why is None:
                continue
            values[name], swapped_for = self.replacement(
                collection, value, own, operation.method.upper(), fresh_only=why == REACH, tenant=tenant
            )
            KEPT_OFF.add(label, why, swapped_for)
            reasons.append(why)
        return reasons

    def known(self, collection: str) -> dict[str, str]:
        """Every id no generated write may land on in ``collection``, with why (a canary wins)."""
        found = dict.fromkeys(typed_ids(self.state.knowledge, collection), LISTED)
        if self.canaries is not None:
            for collections in self.canaries.ids.values():
                found.update(dict.fromkeys(collections.get(collection, ()), LISTED))
        found.update(dict.fromkeys(SHARED_IDS.ids_in(collection), ON_PURPOSE))
        planted = [item.id for item in CREATED.canaries() if item.collection in ("", collection)]
        found.update(dict.fromkeys(planted, CANARY))
        return found

    def replacement(
        self,
        collection: str,
        value: Any,
        own: list[str],
        method: str,
        *,
        fresh_only: bool = False,
        tenant: str | None = None,
    ) -> tuple[Any, str]:
        """A fresh object for a DELETE (or where the suite has none yet, or ``fresh_only``: an object
        of ``tenant`` for sure), else one of ``own`` (the contract suite's objects of ``collection``,
        in turn), else a made-up id."""
        turn = self._turns[collection] = self._turns.get(collection, 0) + 1
        wanted = method == "DELETE" or not own or fresh_only
        fresh = self.targets.fresh(collection, tenant) if wanted else None
        if fresh is not None:
            own = [fresh]
        chosen, swapped_for = (own[turn % len(own)], OWN) if own else (made_up_id(str(value), turn), MADE_UP)
        if isinstance(value, int) and chosen.isdigit():
            return int(chosen), swapped_for
        return chosen, swapped_for

    def close(self) -> None:
        self.targets.close()
