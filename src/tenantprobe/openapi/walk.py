"""The one walk over the spec's paths: each operation with its method, path and path item.

Path items behind a ``$ref`` are followed. `operations` builds its `Operation`s on this walk, and
readers below it (the tenant parameter's detection) use it directly.
"""

from __future__ import annotations

from typing import Any

from tenantprobe.openapi.refs import resolved

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def walk_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(METHOD, path template, operation object, path item) for every operation, in spec order."""
    found = []
    for path, raw in (spec.get("paths") or {}).items():
        item = resolved(spec, raw)
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                found.append((method.upper(), str(path), operation, item))
    return found
