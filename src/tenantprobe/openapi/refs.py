"""Local ``$ref``s of an OpenAPI document: list them, follow them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

_MAX_HOPS = 10


def refs(node: Any, location: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield location, ref
        for key, value in node.items():
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            yield from refs(value, f"{location}/{escaped}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from refs(value, f"{location}/{index}")


def pointer(spec: dict[str, Any], ref: str) -> Any:
    node: Any = spec
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def follow(spec: dict[str, Any], node: Any) -> Any:
    for _ in range(_MAX_HOPS):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            break
        node = pointer(spec, ref)
    return node
