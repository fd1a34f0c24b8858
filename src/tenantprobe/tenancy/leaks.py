"""The leak detector: what of another tenant's data a payload seen by one tenant carries.

Three signals, strongest first: another tenant's canary anywhere in a string, another tenant's
identifier in the tenant field, and an id recorded for another tenant in an id-typed field.
Ids are compared as strings. A non-numeric id (a uuid) names one object anywhere, so any match
counts. A numeric id is only unique within its collection (widget 4 and user 4 differ), so it
counts only when the collection is known: ``x_id`` refers to the collection named like ``x``, and
``id`` to the collection of the enclosing key or of the operation (``collection=``). An id the
viewer's own tenant also knows is never a leak: a false finding costs more than a missed weak signal.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from tenantprobe.core.config import Tenancy
from tenantprobe.core.state import Knowledge, maybe_state
from tenantprobe.openapi.references import referenced_collection

DEFAULT_ID_FIELDS = ("id", "*_id")
_MAX_NODES = 50_000  # a huge payload is scanned this far and no further


_TYPED: dict[int, dict[str, dict[str, set[str]]]] = {}  # id(knowledge) -> tenant -> collection -> ids


def record_typed_ids(knowledge: Knowledge, tenant: str, collection: str, ids: set[str]) -> None:
    """Remember that ``ids`` of ``tenant`` belong to ``collection`` (a path without parameters)."""
    knowledge.add_objects(tenant, ids)
    with knowledge.lock:
        _TYPED.setdefault(id(knowledge), {}).setdefault(tenant, {}).setdefault(collection, set()).update(ids)


def typed_ids(knowledge: Knowledge, collection: str) -> set[str]:
    """Every tenant's ids known to belong to ``collection`` (listed, created, or referenced)."""
    with knowledge.lock:
        by_tenant = _TYPED.get(id(knowledge), {})
        return {value for collections in by_tenant.values() for value in collections.get(collection, ())}


def find_leaks(
    knowledge: Knowledge,
    viewer_tenant: str,
    payload: Any,
    *,
    tenancy: Tenancy | None = None,
    collection: str | None = None,
) -> list[str]:
    """Human-readable descriptions of every other tenant's data in ``payload``, with its JSON path.

    ``payload`` is JSON-like (dicts, lists, scalars) or a JSON text. ``tenancy`` names the tenant
    field and the id fields; by default the running harness's configuration (or the defaults).
    ``collection`` is the path of the collection the payload's objects belong to, when known.
    """
    tenancy = tenancy if tenancy is not None else _active_tenancy()
    id_patterns = tenancy.id_fields or DEFAULT_ID_FIELDS
    if isinstance(payload, str | bytes):
        payload = _parse(payload)
    with knowledge.lock:
        canaries = {t: set(values) for t, values in knowledge.canaries.items() if t != viewer_tenant}
        tenant_ids = {str(v): t for t, v in knowledge.tenant_ids.items() if t != viewer_tenant}
        own = set(knowledge.object_ids.get(viewer_tenant, ()))
        own |= {str(knowledge.tenant_ids[viewer_tenant])} if viewer_tenant in knowledge.tenant_ids else set()
        foreign = {t: set(ids) for t, ids in knowledge.object_ids.items() if t != viewer_tenant}
        shared = set(knowledge.shared_ids)
        typed = {
            t: {c: set(ids) for c, ids in by.items()}
            for t, by in _TYPED.get(id(knowledge), {}).items()
            if t != viewer_tenant
        }
    collections = sorted({c for by in typed.values() for c in by}, key=len, reverse=True)
    running = maybe_state()
    references = _References(tenancy.references, running.spec if running is not None else None)
    leaks: list[str] = []
    for path, key, value, parent in walk_with_parent(payload):
        if isinstance(value, str):
            leaks += _canary_leaks(path, value, canaries)
        if key is None or isinstance(value, bool) or not isinstance(value, str | int):
            continue
        text = str(value)
        if key == tenancy.tenant_field:
            owner = tenant_ids.get(text)
            if owner is not None:
                leaks.append(f"`{owner}`'s tenant id `{text}` in `{tenancy.tenant_field}` at `{path}`")
            continue
        if text in own or text in shared or not is_id_field(key, id_patterns):
            continue
        if text.isdigit():
            kind = _collection_of(key, parent, collection, collections, references)
            owners = [t for t, by in typed.items() if kind is not None and text in by.get(kind, ())]
        else:
            owners = [t for t, ids in foreign.items() if text in ids]
        if owners:
            leaks.append(f"`{owners[0]}`'s id `{text}` in `{key}` at `{path}`")
    return list(dict.fromkeys(leaks))


@dataclass(frozen=True)
class _References:
    named: Mapping[str, str]  # tenants.yaml's `tenancy.references`
    spec: dict[str, Any] | None  # the spec's links and hints, when a run is active


def _collection_of(
    key: str, parent: str | None, collection: str | None, known: list[str], references: _References
) -> str | None:
    def target(field: str) -> str | None:
        return referenced_collection(known, field, references.named, references.spec)

    if key.endswith("_id") or key in references.named:
        return target(key)
    if parent is not None:
        return target(f"{parent}_id") or collection
    return collection


def _canary_leaks(path: str, value: str, canaries: dict[str, set[str]]) -> list[str]:
    found = []
    for tenant, markers in canaries.items():
        for marker in markers:
            if marker in value:
                found.append(f"`{tenant}`'s canary `{marker}` at `{path}`")
    return found


def is_id_field(key: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)


def walk(payload: Any) -> Iterator[tuple[str, str | None, Any]]:
    """(JSON path, the key holding the value or None, value) for every scalar, size-bounded."""
    for path, key, value, _parent in walk_with_parent(payload):
        yield path, key, value


def walk_with_parent(payload: Any) -> Iterator[tuple[str, str | None, Any, str | None]]:
    """As :func:`walk`, plus the key of the enclosing object (None for top-level objects and lists)."""
    stack: list[tuple[str, str | None, Any, str | None]] = [("$", None, payload, None)]
    seen = 0
    while stack and seen < _MAX_NODES:
        path, key, value, parent = stack.pop()
        seen += 1
        if isinstance(value, dict):
            # The object's own key names its type; top-level objects and list items take the caller's.
            owner = key if path != "$" and not path.endswith("]") else None
            if path.endswith("]") and key is not None and "." in path:
                owner = None if path.count(".") == 1 else key
            for child_key, child in reversed(list(value.items())):
                stack.append((f"{path}.{child_key}", str(child_key), child, owner))
        elif isinstance(value, list):
            for index in reversed(range(len(value))):
                stack.append((f"{path}[{index}]", key, value[index], parent))
        else:
            yield path, key, value, parent


def _parse(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def _active_tenancy() -> Tenancy:
    state = maybe_state()
    return state.config.tenancy if state is not None else Tenancy()
