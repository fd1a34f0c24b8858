"""What a creation returned (an endpoint's id and secret, an object's id), read inside its envelope.

A pointer such as ``/id`` is read at the top level of the response first; when nothing is there, it
is read in the object the operation's envelope holds (an API Resource's ``{"data": {...}}``), as
the spec's response schema (or tenants.yaml's ``envelope``) says.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.core.state import RunState
from tenantprobe.families.webhooks.templates import split_operation
from tenantprobe.tenancy.identity import resolve_pointer


def read_created(state: RunState, operation: str, body: Any, pointer: str) -> Any:
    """The value at ``pointer`` in a response of ``operation``, at the top level or in its envelope."""
    value = resolve_pointer(body, pointer)
    if value is not None:
        return value
    method, path = split_operation(operation)
    found = state.envelope(method, path).object_of(body)
    return resolve_pointer(found, pointer) if found is not None else None
