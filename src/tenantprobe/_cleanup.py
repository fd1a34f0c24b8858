"""What the run creates, it removes: every object a 2xx POST returned, deleted again at the end.

Any suite's request may create something (a generated case, a permission probe, a trigger), so
creations are noted where responses arrive (the target client and the contract runner), by the
id the response carries and the spec's ``DELETE collection/{id}``. At exit — normal, Ctrl-C or
SIGTERM — each is deleted once as its tenant's admin. Objects the spec gives no DELETE for are
named on stderr instead.

Generated requests follow the mode: ``local`` sends everything; ``staging`` and ``production``
never send a generated write to an object by id or to a singleton (it would change data the run
did not create) unless tenants.yaml allows the operation (``target.allow_in_production``);
staging still creates (POST to a collection), and removes what it created.
"""

from __future__ import annotations

import atexit
import contextlib
import re
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest

from tenantprobe._config import SAFE_METHODS, Config, Principal
from tenantprobe._scoping_spec import fill_path, item_path
from tenantprobe._state import RunState

_PARAM = re.compile(r"\{[^}/]+\}")


@dataclass(frozen=True)
class Created:
    tenant: str
    operation: str
    id: str
    delete_path: str | None  # None: the spec has no DELETE for it


@dataclass
class CreatedObjects:
    items: list[Created] = field(default_factory=list)
    removed: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _armed: bool = False


CREATED = CreatedObjects()


def generated_request_allowed(config: Config, method: str, path: str) -> bool:
    """Whether a generated request to this operation may go out in the configured mode."""
    mode = config.target.mode
    method = method.upper()
    if mode == "local" or method in SAFE_METHODS or f"{method} {path}" in config.target.allow_in_production:
        return True
    return mode == "staging" and method == "POST" and not _PARAM.search(path)


def spec_template(spec: dict[str, Any], base_url: str, url: str) -> str | None:
    """The spec path a concrete request URL matches (``/things/7`` -> ``/things/{id}``)."""
    path = urlsplit(url).path
    prefix = urlsplit(base_url).path.rstrip("/")
    candidates = [path, path[len(prefix) :]] if prefix and path.startswith(prefix) else [path]
    for template in spec.get("paths", {}):
        pattern = re.compile(_PARAM.sub("[^/]+", re.escape(template).replace(r"\{", "{").replace(r"\}", "}")))
        if any(pattern.fullmatch(candidate) for candidate in candidates):
            return str(template)
    return None


def note_created(
    state: RunState, principal: Principal | None, method: str, url: str, status: int, body: Any
) -> None:
    """Remember what a 2xx POST to a collection created (by the id in its body), for removal."""
    if method.upper() != "POST" or not 200 <= status < 300 or principal is None or not isinstance(body, dict):
        return
    id_field = str(state.config.block("canaries").get("id_field", "id"))
    value = body.get(id_field)
    collection = spec_template(state.spec, state.base_url, url)
    if value is None or isinstance(value, bool) or collection is None or _PARAM.search(collection):
        return
    item = item_path(state.spec, collection)
    deletable = item is not None and "delete" in state.spec["paths"][item]
    delete_path = fill_path(item, {_last_param(item): str(value)}) if item and deletable else None
    created = Created(principal.tenant, f"POST {collection}", str(value), delete_path)
    with CREATED._lock:
        CREATED.items.append(created)
        if not CREATED._armed:
            CREATED._armed = True
            atexit.register(remove_created, state)


def remove_created(state: RunState) -> list[str]:
    """Delete, newest first and once, everything noted; returns what could not be removed."""
    from tenantprobe._client import TargetClient  # the client notes creations: import late

    with CREATED._lock:
        if CREATED.removed:
            return []
        CREATED.removed = True
        items = list(reversed(CREATED.items))
    if state.config.target.embedded:
        return []  # the embedded target's database is discarded with it (and it is stopped by now)
    problems: list[str] = []
    admins = {name: tenant.admin for name, tenant in state.config.tenants.items()}
    clients: dict[str, TargetClient] = {}
    done: set[str] = set()
    try:
        for created in items:
            if created.delete_path is None:
                problems.append(
                    f"{created.operation} id {created.id} ({created.tenant}): no DELETE operation"
                )
                continue
            if created.delete_path in done:
                continue
            done.add(created.delete_path)
            # Only as the creator's tenant: another tenant's object may carry a reused id.
            problems += _delete(state, clients, admins, created.tenant, created.delete_path)
    finally:
        for client in clients.values():
            client.close()
    if problems:
        print("tenantprobe could not remove what it created: " + "; ".join(problems), file=sys.stderr)
    return problems


def _delete(
    state: RunState, clients: dict[str, Any], admins: dict[str, Principal], tenant: str, path: str
) -> list[str]:
    from tenantprobe._client import TargetClient

    if tenant not in admins:
        return [f"DELETE {path}: no admin for tenant `{tenant}`"]
    if tenant not in clients:
        admin = admins[tenant]
        clients[tenant] = TargetClient(state.config, state.base_url, admin, token=state.tokens.get(admin.id))
    try:
        status = clients[tenant].delete(path, check=False, operation=f"DELETE {path}").status_code
    except (Exception, pytest.skip.Exception) as exc:  # noqa: BLE001 - clean-up goes on for the rest
        return [f"DELETE {path}: {exc.__class__.__name__}: {exc}"]
    return [] if status < 300 or status == 404 else [f"DELETE {path} answered {status}"]


def _last_param(path: str) -> str:
    return path.rsplit("{", 1)[-1].rstrip("}")


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
