"""The one ``$ref`` resolver: list a document's references, follow one, read a JSON pointer.

References to other files are inlined when the spec is loaded (`openapi.bundle`), so by the time a
suite reads the spec every ``$ref`` is local (``#/...``) and this module is all it needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tenantprobe.core.envelope import MISSING, at_pointer
from tenantprobe.core.json_pointer import escape

MAX_HOPS = 32  # a chain of references longer than this is a loop


def refs(node: Any, location: str) -> Iterator[tuple[str, str]]:
    """(where, reference) for every ``$ref`` under ``node``; ``where`` is a JSON pointer."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield location, ref
        for key, value in node.items():
            yield from refs(value, f"{location}/{escape(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from refs(value, f"{location}/{index}")


def pointer(spec: Any, ref: str) -> Any:
    """The node a local reference (``#/a/b``) names; None when there is none."""
    found = at_pointer(spec, ref[1:] if ref.startswith("#") else ref)
    return None if found is MISSING else found


def follow(spec: dict[str, Any], node: Any) -> Any:
    """``node`` with its chain of local ``$ref``s followed (bounded); unresolvable: None."""
    for _ in range(MAX_HOPS):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str):
            return node
        if not ref.startswith("#"):
            return None  # not bundled: another file the loader could not read
        node = pointer(spec, ref)
    return None


def resolved(spec: dict[str, Any], node: Any) -> dict[str, Any]:
    """As :func:`follow`, and ``{}`` for anything that is not an object (a missing or looping ref)."""
    found = follow(spec, node)
    return found if isinstance(found, dict) else {}


def follow_located(spec: dict[str, Any], location: str, node: Any) -> tuple[str, Any]:
    """As :func:`follow`, keeping the JSON pointer of where the chain ends (for schema validators)."""
    for _ in range(MAX_HOPS):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#"):
            break
        location, node = ref[1:], pointer(spec, ref)
    return location, node
