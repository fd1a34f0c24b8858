"""The one ledger of what the run creates: every object a 2xx POST returned, canaries included.

Any suite's request may create something (a generated case, a permission probe, a trigger, a
canary), so creations are noted where responses arrive (the target client and the contract runner),
by the id the response carries and the URL it was created at; the canaries fixture marks its own.
At session finish, or at exit should the run end before (Ctrl-C, SIGTERM), ``tenancy.cleanup``
deletes each once as its tenant's admin, by the spec's ``DELETE collection/{id}``.

Generated requests follow the mode: ``local`` sends everything; ``staging`` and ``production``
never send a generated write to an object by id or to a singleton (it would change data the run
did not create) unless tenants.yaml allows the operation (``target.allow_in_production``);
staging still creates (POST to a collection), and removes what it created.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.carrier import placeholder
from tenantprobe.core.config import SAFE_METHODS, Carrier, Config, Principal
from tenantprobe.core.shared_ids import SHARED_IDS
from tenantprobe.core.state import RunState

_PARAM = re.compile(r"\{[^}/]+\}")


@dataclass(frozen=True)
class Created:
    tenant: str
    url: str  # where the POST went; the spec says what deletes it
    id: str
    canary: bool = False  # planted by the canaries fixture: generated writes spare it
    collection: str = ""  # the spec's collection path, when the creator knew it
    generated: bool = False  # made by a generated case: generated writes by id may aim at it


@dataclass
class CreatedObjects:
    """Everything the run created, oldest first; removed once."""

    items: list[Created] = field(default_factory=list)
    removed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def mark_canary(self, tenant: str, url: str, value: str, collection: str) -> Created:
        """Mark the creation the client noted (or note it) as a canary of ``collection``."""
        canary = Created(tenant, url, value, canary=True, collection=collection)
        with self.lock:
            for index in range(len(self.items) - 1, -1, -1):
                item = self.items[index]
                if (item.tenant, item.id, item.url) == (tenant, value, url):
                    self.items[index] = canary
                    return canary
            self.items.append(canary)
        return canary

    def canaries(self) -> list[Created]:
        with self.lock:
            return [item for item in self.items if item.canary]

    def generated_in(self, collection: str) -> list[str]:
        """Ids of what generated cases created in ``collection``, oldest first."""
        with self.lock:
            return [item.id for item in self.items if item.generated and item.collection == collection]


CREATED = CreatedObjects()


@dataclass(frozen=True)
class LeftBehind:
    """An object the run created and did not remove: what made it, its id, its tenant, and why it stays."""

    operation: str
    id: str
    tenant: str
    why: str

    def line(self) -> str:
        return f"{self.operation} id {self.id} ({self.tenant}): {self.why}"


NO_DELETE = "the spec has no DELETE for it"
LEFT_BEHIND: list[LeftBehind] = []  # this process's, gathered into summary.json `left_behind`
_LEFT_LOCK = threading.Lock()


def note_left_behind(items: list[LeftBehind]) -> None:
    with _LEFT_LOCK:
        LEFT_BEHIND.extend(item for item in items if item not in LEFT_BEHIND)


def left_behind() -> list[LeftBehind]:
    with _LEFT_LOCK:
        return list(LEFT_BEHIND)


def generated_request_allowed(config: Config, method: str, path: str, carrier: Carrier | None = None) -> bool:
    """Whether a generated request to this operation may go out in the configured mode.

    Staging allows creations: a POST that names no existing object. The tenant's own place in the
    path (the carrier, filled with the sender's tenant) names none: `/orgs/{org}/widgets` creates.
    """
    mode = config.target.mode
    method = method.upper()
    if mode == "local" or method in SAFE_METHODS or f"{method} {path}" in config.target.allow_in_production:
        return True
    mark = placeholder(carrier)
    objects = path.replace(mark, "") if mark is not None else path
    return mode == "staging" and method == "POST" and not _PARAM.search(objects)


def note_created(
    state: RunState,
    principal: Principal | None,
    method: str,
    url: str,
    status: int,
    body: Any,
    generated: bool = False,
) -> None:
    """Remember what a 2xx POST created (by the id in its body), for removal.

    What a test created on purpose (not a generated case) is shared with every process of the run,
    so that no generated write by id touches it (``SHARED_IDS``).
    """
    if method.upper() != "POST" or not 200 <= status < 300 or principal is None or body is None:
        return
    id_field = str(state.config.block("canaries").get("id_field", "id"))
    value = state.envelope(method, url).id_of(body, id_field)
    if value is None:
        return
    collection = state.routes.template_of(url, "POST") or ""
    with CREATED.lock:
        CREATED.items.append(
            Created(principal.tenant, url, str(value), collection=collection, generated=generated)
        )
    if not generated:
        SHARED_IDS.add(str(value), collection)


@contextlib.contextmanager
def interrupt_after_bookkeeping() -> Iterator[None]:
    """Hold Ctrl-C while a request is in flight and its creation is noted, then deliver it.

    An interrupt between the server creating an object and the run noting its id would leave that
    object behind; delivered a moment later, the clean-up knows about it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.getsignal(signal.SIGINT)

    def hold(signum: int, frame: Any) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, hold)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            raise KeyboardInterrupt
