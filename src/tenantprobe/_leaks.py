"""The leak detector: what of another tenant's data a payload seen by one tenant carries.

Three signals, strongest first: another tenant's canary anywhere in a string, another tenant's
identifier in the tenant field, and an id recorded for another tenant in an id-typed field.
Ids are compared as strings (int and uuid dialects alike). An id the viewer's own tenant also
knows is never a leak: with integer ids one value may name objects of several tenants (a customer
of one, a member of another), and a false finding costs more than a missed weak signal.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Iterator
from typing import Any

from tenantprobe._config import Tenancy
from tenantprobe._state import Knowledge, maybe_state

DEFAULT_ID_FIELDS = ("id", "*_id")
_MAX_NODES = 50_000  # a huge payload is scanned this far and no further


def find_leaks(
    knowledge: Knowledge, viewer_tenant: str, payload: Any, *, tenancy: Tenancy | None = None
) -> list[str]:
    """Human-readable descriptions of every other tenant's data in ``payload``, with its JSON path.

    ``payload`` is JSON-like (dicts, lists, scalars) or a JSON text. ``tenancy`` names the tenant
    field and the id fields; by default the running harness's configuration (or the defaults).
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
    leaks: list[str] = []
    for path, key, value in _walk(payload):
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
        if text in own or text in shared or not _is_id_field(key, id_patterns):
            continue
        for tenant, ids in foreign.items():
            if text in ids:
                leaks.append(f"`{tenant}`'s id `{text}` in `{key}` at `{path}`")
                break
    return list(dict.fromkeys(leaks))


def _canary_leaks(path: str, value: str, canaries: dict[str, set[str]]) -> list[str]:
    found = []
    for tenant, markers in canaries.items():
        for marker in markers:
            if marker in value:
                found.append(f"`{tenant}`'s canary `{marker}` at `{path}`")
    return found


def _is_id_field(key: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(key, pattern) for pattern in patterns)


def _walk(payload: Any) -> Iterator[tuple[str, str | None, Any]]:
    """(JSON path, the key holding the value or None, value) for every scalar, breadth-bounded."""
    stack: list[tuple[str, str | None, Any]] = [("$", None, payload)]
    seen = 0
    while stack and seen < _MAX_NODES:
        path, key, value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            for child_key, child in reversed(list(value.items())):
                stack.append((f"{path}.{child_key}", str(child_key), child))
        elif isinstance(value, list):
            for index in reversed(range(len(value))):
                stack.append((f"{path}[{index}]", key, value[index]))
        else:
            yield path, key, value


def _parse(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError):
        return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def _active_tenancy() -> Tenancy:
    state = maybe_state()
    return state.config.tenancy if state is not None else Tenancy()
