"""``--servers relative``: ``servers: [{url: /api/v1}]`` and paths relative to it, as generators write.

The routes stay where they are; only the document says it differently. Paths outside the prefix
(the health check, channel auth) keep their place with a path-level ``servers: [{url: /}]``.
"""

from __future__ import annotations

from reference_api.openapi.common import Spec
from reference_api.settings import Settings

API_PREFIX = "/api/v1"


def apply_servers(spec: Spec, settings: Settings) -> None:
    """Move the ``/api/v1`` prefix from every path into ``servers`` (in place); ``root`` leaves it."""
    if settings.style.servers != "relative":
        return
    spec["servers"] = [
        {"url": API_PREFIX, "description": "The API, relative to the host serving this document."}
    ]
    paths: Spec = {}
    for path, item in spec["paths"].items():
        if path.startswith(API_PREFIX + "/"):
            paths[path.removeprefix(API_PREFIX)] = item
        else:
            paths[path] = {"servers": [{"url": "/"}], **item}
    spec["paths"] = paths
