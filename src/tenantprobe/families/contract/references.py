"""Reference fields of generated valid bodies: an object the recipient's tenant owns, or not judged.

A generated ``project_id: 0`` names no project: the API rightly refuses it, so the case is not the
"valid data" it must accept. Before a positive case is sent, each top-level body field that refers
to a collection (tenants.yaml's ``tenancy.references``, the spec's links and ``x-references``, or
the field's name) gets the id of an object of the recipient's own tenant, a canary planted this
run first, else one its admin listed. Where none is known, or an id field's collection is not
known at all, acceptance is not judged (unproven).
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Principal
from tenantprobe.core.state import RunState
from tenantprobe.openapi.operations import list_operations
from tenantprobe.openapi.references import referenced_collection
from tenantprobe.tenancy.canaries import CanarySet
from tenantprobe.tenancy.leaks import DEFAULT_ID_FIELDS, is_id_field


class ReferenceFiller:
    """Points reference fields of positive cases at the recipient's own objects."""

    def __init__(self, state: RunState, canaries: CanarySet | None) -> None:
        self.state = state
        self.canaries = canaries
        self.collections = sorted({op.path for op in list_operations(state.spec)}, key=len, reverse=True)
        self.patterns = state.config.tenancy.id_fields or DEFAULT_ID_FIELDS
        self.tenant_field = state.config.tenancy.tenant_field

    def references(self, case: Any) -> dict[str, str | None]:
        """Body id field -> the collection it refers to (None: unknown), for a positive JSON body."""
        if not is_positive(case) or not isinstance(case.body, dict):
            return {}
        found: dict[str, str | None] = {}
        named = self.state.config.tenancy.references
        for name in case.body:
            if name in ("id", self.tenant_field) or not is_id_field(str(name), self.patterns):
                continue
            target = referenced_collection(self.collections, str(name), named, self.state.spec)
            found[str(name)] = target if target in self.collections else None
        return found

    def fill(self, case: Any, principal: Principal) -> list[str]:
        """Fill ``case``'s reference fields for ``principal``; the fields no own object is known for.

        An id field whose collection is unknown names nothing the run can vouch for either.
        """
        unknown = []
        for name, collection in self.references(case).items():
            own = self.own_ids(principal.tenant, collection) if collection else []
            if own:
                case.body[name] = _typed_like(case.body[name], own[0])
            else:
                unknown.append(name)
        return unknown

    def own_ids(self, tenant: str, collection: str) -> list[str]:
        if self.canaries is None:
            return []
        planted = [c.id for c in self.canaries.planted if c.tenant == tenant and c.collection == collection]
        return planted or self.canaries.ids_of(tenant, collection)


def is_positive(case: Any) -> bool:
    """Whether the case is meant as valid data (explicit examples without metadata count as valid)."""
    meta = getattr(case, "meta", None)
    if meta is None:
        return True
    mode = meta.generation.mode
    return bool(getattr(mode, "value", mode) == "positive")


def _typed_like(generated: Any, value: str) -> Any:
    """The id as the generated value's type: a numeric field gets an integer.

    JSON Schema's ``integer`` admits ``11.0``, and generators do produce it; a string id there would
    be refused by the API as the wrong type, a false rejection of valid data."""
    numeric = isinstance(generated, (int, float)) and not isinstance(generated, bool)
    if numeric and value.lstrip("-").isdigit():
        return int(value)
    return value
