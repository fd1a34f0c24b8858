"""What every scoping or RBAC probe needs: the run, the canaries, a client per principal, bodies and ids."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.state import RunState
from tenantprobe.openapi.bodies import build_body
from tenantprobe.openapi.operations import Operation, json_body_schema, list_operations
from tenantprobe.openapi.references import referenced_collection
from tenantprobe.tenancy.canaries import CanarySet

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class ProbeKit:
    """What every scoping or RBAC probe needs: the run, the canaries, a client per principal."""

    state: RunState
    canaries: CanarySet
    client_for: Callable[[Principal], TargetClient]

    def admin(self, tenant: str) -> TargetClient:
        return self.client_for(self.state.config.tenants[tenant].admin)

    def collections(self) -> list[str]:
        return sorted({op.path for op in list_operations(self.state.spec)}, key=len, reverse=True)

    def created_id(self, operation: Operation, body: Any) -> str | None:
        """The id of the object a response of ``operation`` carries, read through its envelope."""
        value = self.state.envelope(operation.method, operation.path).id_of(body, self.id_field)
        return None if value is None else str(value)

    def field_of(self, method: str, path: str, body: Any, name: str) -> Any:
        """Field ``name`` of the object a response of ``METHOD path`` carries (None when absent)."""
        envelope = self.state.envelope(method, path)
        found = envelope.object_of(body)
        return envelope.field(found, name) if found is not None else None

    def items_of(self, path: str, body: Any) -> list[dict[str, Any]]:
        """The objects of a list response of ``GET path``, each with its attributes merged in."""
        envelope = self.state.envelope("GET", path)
        return [envelope.fields(item) for item in envelope.items_of(body)]

    @property
    def id_field(self) -> str:
        return str(self.state.config.block("canaries").get("id_field", "id"))
    def referenced(self, collections: list[str], field: str) -> str | None:
        """The collection ``field`` refers to (tenants.yaml, the spec's links and hints, its name)."""
        return referenced_collection(
            collections, field, self.state.config.tenancy.references, self.state.spec
        )

    def object_id(self, tenant: str, collection: str | None, *, created_only: bool = False) -> str | None:
        """An id of ``tenant`` in ``collection``: a planted object first (the run may change those)."""
        if collection is None:
            return None
        planted = [p.id for p in self.canaries.planted if p.tenant == tenant and p.collection == collection]
        if planted or created_only:
            return planted[0] if planted else None
        ids = self.canaries.ids_of(tenant, collection)
        return ids[0] if ids else None

    def path_values(self, operation: Operation, tenant: str, *, created_only: bool = False) -> dict[str, str]:
        """``tenant``'s ids for every path parameter; empty when one is unknown."""
        values: dict[str, str] = {}
        prefix = ""
        for segment in operation.path.split("/")[1:]:
            if segment[1:-1] == operation.tenant_param:
                pass  # the tenant goes in by the carrier (the sender's own, or a probe's choice)
            elif segment.startswith("{") and segment.endswith("}"):
                value = self.object_id(tenant, prefix or None, created_only=created_only)
                if value is None:
                    return {}
                values[segment[1:-1]] = value
            prefix += "/" + segment
        return values

    def marker(self, principal: Principal, operation: Operation) -> str:
        """The string ``principal``'s probe writes into ``operation``'s body: its tenant's canary, or a
        probe marker (no tenant's canary, never taken for a leak) when the write names no object and the
        principal belongs to other tenants too: its own profile is seen in each of them."""
        carrier = self.state.carrier.name if self.state.carrier is not None else None
        names_object = any(param != carrier for param in operation.params)
        if principal.roles_in and not names_object:
            return probe_marker()
        canaries = sorted(self.state.knowledge.canaries.get(principal.tenant, ()))
        return canaries[0] if canaries else "tp-rbac"

    def body_for(
        self, operation: Operation, tenant: str, marker: str, skip: frozenset[str] = frozenset()
    ) -> Any:
        """A valid JSON body whose strings carry ``marker`` and whose references are ``tenant``'s."""
        schema = json_body_schema(self.state.spec, operation)
        if schema is None:
            return None
        collections = self.collections()

        def ref(name: str) -> Any:
            value = self.object_id(tenant, self.referenced(collections, name))
            return typed_id(value) if value is not None else None

        def strings(_name: str) -> str:
            return marker

        tenant_field = self.state.config.tenancy.tenant_field
        skipped = skip | ({tenant_field} if tenant_field else set())
        return build_body(self.state.spec, schema, strings, ref, skip=frozenset(skipped))


def typed_id(value: str) -> Any:
    return int(value) if value.isdigit() else value


def probe_marker() -> str:
    return f"tp-probe-{secrets.token_hex(4)}"
