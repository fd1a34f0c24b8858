"""Which other tenant a broadcast frame carries marks of: its canaries or its tenant id.

The scoping family's ``find_leaks`` describes every leak; this names the tenant it came from, so the
events check can point at the request of that tenant which caused the frame.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from tenantprobe.core.state import Knowledge


def foreign_marks(
    knowledge: Knowledge, viewer_tenant: str, payload: Any, tenant_field: str | None
) -> dict[str, str]:
    """Other tenant -> what of theirs ``payload`` carries (a canary, or their id in ``tenant_field``)."""
    text = json.dumps(payload, default=str)
    found: dict[str, str] = {}
    with knowledge.lock:
        canaries = {tenant: sorted(values) for tenant, values in knowledge.canaries.items()}
    for tenant, values in canaries.items():
        hit = next((value for value in values if tenant != viewer_tenant and value in text), None)
        if hit is not None:
            found[tenant] = f"`{tenant}`'s canary `{hit}`"
    if tenant_field:
        owners = {str(tenant_id): tenant for tenant, tenant_id in knowledge.tenant_ids.items()}
        for value in _values_of(payload, tenant_field):
            owner = owners.get(str(value))
            if owner is not None and owner != viewer_tenant:
                found.setdefault(owner, f"`{owner}`'s tenant id in `{tenant_field}`")
    return found


def _values_of(payload: Any, key: str) -> Iterator[Any]:
    if isinstance(payload, dict):
        for name, value in payload.items():
            if name == key and not isinstance(value, (dict, list)):
                yield value
            yield from _values_of(value, key)
    elif isinstance(payload, list):
        for item in payload:
            yield from _values_of(item, key)
