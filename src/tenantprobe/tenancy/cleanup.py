"""What the run creates, it removes: each object in the ledger deleted once, as its tenant's admin.

One path for everything the run created (canaries, generated creations, probes' objects): at
session finish, or at interpreter exit should the run end before it (SIGTERM is turned into an
exit so that happens). The spec says how: the object's ``DELETE collection/{id}``. Objects the spec
gives no DELETE for are named on stderr instead; the embedded target's database is discarded with it.
"""

from __future__ import annotations

import atexit
import signal
import sys
import threading
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tenantprobe.core.carrier import fill_tenant
from tenantprobe.core.client import TargetClient
from tenantprobe.core.ledger import CREATED, NO_DELETE, Created, CreatedObjects, LeftBehind, note_left_behind
from tenantprobe.core.state import RunState
from tenantprobe.openapi.operations import creates_undeletable, fill_path, item_path, operations
from tenantprobe.tenancy.carrier import tenant_named_in_url


def undeletable_reason(mode: str, label: str) -> str:
    """Why a creation outside local mode is not sent (every family that would create says the same)."""
    return (
        f"not sent in `{mode}` mode: the spec has no DELETE for what `{label}` creates, so each object "
        "would stay behind on the target"
    )


def undeletable_creations(state: RunState) -> set[str]:
    """The POSTs whose objects the spec offers no DELETE for; none in local mode (a disposable target)."""
    if state.config.target.mode == "local":
        return set()
    return {
        op.key for op in operations(state.spec) if creates_undeletable(state.spec, op.method, op.path)
    }


@dataclass(frozen=True)
class Deletion:
    tenant: str
    operation: str
    id: str
    delete_path: str | None  # None: the spec has no DELETE for it
    read_path: str | None = None  # the item's GET, to see whether an undeletable object is still there


def deletion_of(state: RunState, created: Created) -> Deletion | None:
    """How to remove ``created``; None when it was no creation in a collection of the spec."""
    collection = state.routes.template_of(created.url, "POST")
    if collection is None:
        return None
    tenant, named = created.tenant, tenant_named_in_url(state, collection, created.url)
    if "{" in fill_tenant(collection, state.carrier, "-"):
        return None  # a sub-resource of some object, not a creation in a collection
    item = item_path(state.spec, collection)
    methods = state.spec["paths"][item] if item else {}
    last_param = item.rsplit("{", 1)[-1].rstrip("}") if item else ""
    item_url = fill_path(item, {last_param: created.id}) if item else None
    if named is not None and item_url is not None:
        # Created under a tenant's path (another's, when a membership check was missing): removed
        # there, by that tenant's admin.
        value, owner = named
        tenant = owner or tenant
        item_url = fill_tenant(item_url, state.carrier, value)
    return Deletion(
        tenant,
        f"POST {collection}",
        created.id,
        item_url if "delete" in methods else None,
        item_url if "get" in methods else None,
    )


def remove_created_at_exit(state: RunState) -> None:
    """Remove what the run created at interpreter exit too, and turn SIGTERM into an exit so it runs."""
    atexit.register(remove_created, state)
    if threading.current_thread() is threading.main_thread():
        if signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
            signal.signal(signal.SIGTERM, _exit_on_sigterm)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def remove_created(
    state: RunState, ledger: CreatedObjects = CREATED, transport: httpx.BaseTransport | None = None
) -> list[LeftBehind]:
    """Delete, newest first and once, everything noted; returns (and notes) what could not be removed."""
    with ledger.lock:
        if ledger.removed:
            return []
        ledger.removed = True
        items = list(reversed(ledger.items))
    # The embedded target's database is discarded with it: nothing to delete, but what the spec gives
    # no DELETE for is still listed, as it would stay behind on a real deployment.
    embedded = state.config.target.embedded
    problems: list[LeftBehind] = []
    admins = _Admins(state, transport)
    done: set[str] = set()
    undeletable: list[Deletion] = []
    try:
        for deletion in filter(None, (deletion_of(state, created) for created in items)):
            if deletion.delete_path is None:
                undeletable.append(deletion)
                continue
            if embedded or deletion.delete_path in done:
                continue
            done.add(deletion.delete_path)
            # Only as the creator's tenant: another tenant's object may carry a reused id.
            problems += [
                LeftBehind(deletion.operation, deletion.id, deletion.tenant, why)
                for why in admins.delete(deletion.tenant, deletion.delete_path)
            ]
        for deletion in undeletable:
            # Gone once what it belonged to was removed (a cascade): nothing stays behind.
            if not embedded and admins.gone(deletion):
                continue
            problems.append(LeftBehind(deletion.operation, deletion.id, deletion.tenant, NO_DELETE))
    finally:
        admins.close()
    note_left_behind(problems)
    if problems:
        lines = "; ".join(item.line() for item in problems)
        print("tenantprobe could not remove what it created: " + lines, file=sys.stderr)
    return problems


class _Admins:
    """Each tenant's admin, with one client each, opened when first needed."""

    def __init__(self, state: RunState, transport: httpx.BaseTransport | None) -> None:
        self.state = state
        self.transport = transport
        self.principals = {name: tenant.admin for name, tenant in state.config.tenants.items()}
        self.clients: dict[str, TargetClient] = {}

    def client(self, tenant: str) -> TargetClient:
        if tenant not in self.clients:
            admin = self.principals[tenant]
            self.clients[tenant] = TargetClient(
                self.state.config, self.state.routes, admin, token=self.state.tokens.get(admin.id),
                transport=self.transport,
            )  # fmt: skip
        return self.clients[tenant]

    def delete(self, tenant: str, path: str) -> list[str]:
        """What went wrong removing ``path`` as ``tenant``'s admin (nothing: removed, or already gone)."""
        if tenant not in self.principals:
            return [f"DELETE {path}: no admin for tenant `{tenant}`"]
        try:
            status = self.client(tenant).delete(path, check=False, operation=f"DELETE {path}").status_code
        except (Exception, pytest.skip.Exception) as exc:  # noqa: BLE001 - clean-up goes on for the rest
            return [f"DELETE {path}: {exc.__class__.__name__}: {exc}"]
        return [] if status < 300 or status == 404 else [f"DELETE {path} answered {status}"]

    def gone(self, deletion: Deletion) -> bool:
        """Whether the tenant's admin reads ``deletion``'s object as not found (404 or 410)."""
        if deletion.read_path is None or deletion.tenant not in self.principals:
            return False
        path = deletion.read_path
        try:
            status = self.client(deletion.tenant).get(path, check=False, operation=f"GET {path}").status_code
        except (Exception, pytest.skip.Exception):  # noqa: BLE001 - unknown: it stays listed
            return False
        return status in (404, 410)

    def close(self) -> None:
        for client in self.clients.values():
            client.close()
