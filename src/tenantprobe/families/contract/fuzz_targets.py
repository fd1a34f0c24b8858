"""Objects the contract suite creates to be fuzzed: where a generated write by id goes instead of a known one.

A generated DELETE that would have removed seeded data is sent to a fresh object of the same
collection, so the handler's success path (a wrong status, a 5xx after the delete) is still
exercised; other writes reuse what the contract suite created. Each tenant's admin creates them in
turn, with a body built from the spec (references to the tenant's own objects), and the ledger
notes them as generated: they are removed at the end like everything else, and never spared.
Production mode creates nothing; a collection whose creation failed once is not tried again.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.state import RunState
from tenantprobe.openapi.operations import Operation, create_operations
from tenantprobe.tenancy.canaries import CanarySet
from tenantprobe.tenancy.kit import ProbeKit, probe_marker

MAX_PER_COLLECTION = 100  # fresh objects one process makes for a collection, at most


class FuzzTargets:
    """Creates, on demand, objects of a collection that generated writes may change or delete."""

    def __init__(self, state: RunState, canaries: CanarySet | None) -> None:
        self.state = state
        self._clients: dict[str, TargetClient] = {}
        self._kit = ProbeKit(state, canaries or CanarySet(), self._client_for)
        self._creates = {op.path: op for op in create_operations(state.spec)}
        self._made: dict[str, int] = {}
        self._failed: set[str] = set()
        self._tenants = list(state.config.tenants)
        self.enabled = state.config.target.mode != "production"

    def fresh(self, collection: str, tenant: str | None = None) -> str | None:
        """The id of a new object of ``collection`` (``tenant``'s, else each tenant's in turn), or
        None when none can be made."""
        operation = self._creates.get(collection)
        made = self._made.get(collection, 0)
        if not self.enabled or operation is None or collection in self._failed or made >= MAX_PER_COLLECTION:
            return None
        self._made[collection] = made + 1
        owner = tenant if tenant in self._tenants else self._tenants[made % len(self._tenants)]
        created = self._create(operation, owner)
        if created is None:
            self._failed.add(collection)
        return created

    def _create(self, operation: Operation, tenant: str) -> str | None:
        body = self._kit.body_for(operation, tenant, probe_marker())
        kwargs: dict[str, Any] = {"json": body} if body is not None else {}
        client = self._kit.admin(tenant)
        response = client.post(operation.path, operation=operation.key, check=False, to_fuzz=True, **kwargs)
        if not response.is_success or not response.content:
            return None
        try:
            return self._kit.created_id(operation, response.json())
        except ValueError:
            return None

    def _client_for(self, principal: Principal) -> TargetClient:
        if principal.id not in self._clients:
            token = self.state.tokens.get(principal.id)
            self._clients[principal.id] = TargetClient(
                self.state.config, self.state.routes, principal, token=token
            )
        return self._clients[principal.id]

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
