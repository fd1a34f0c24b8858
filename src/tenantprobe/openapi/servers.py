"""The spec's ``servers`` applied to the target URL: the base each path is sent to.

The target URL (``--target-url``, ``target.base_url``) names the deployment; the spec's servers
say the prefix of its paths. The target may be the origin (``https://host``) or already carry the
prefix (``https://host/v2``): both give ``https://host/v2`` and never ``/v2/v2``.
Only the path of a server URL is used (the host is the target's); ``{variables}`` take tenants.yaml's
``target.server_variables``, else their defaults. Path-level and operation-level ``servers`` win
over the document's, as OpenAPI says.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tenantprobe.core.config import Config
from tenantprobe.core.routes import Route, Routes
from tenantprobe.openapi.operations import operations

_VARIABLE = re.compile(r"\{([^}]+)\}")


class ServersError(ValueError):
    """The spec's servers and the target URL cannot be joined without a fix in tenants.yaml."""


def server_prefix(servers: Any, variables: dict[str, str]) -> str | None:
    """The path of the first server URL, variables filled in (``""`` for the root); None: no servers."""
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return None
    server = servers[0]
    declared: dict[str, Any] = server["variables"] if isinstance(server.get("variables"), dict) else {}

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in variables:
            return variables[name]
        entry = declared.get(name)
        default = entry.get("default") if isinstance(entry, dict) else None
        if default is None:
            raise ServersError(
                f"the spec's server URL `{server.get('url')}` has the variable `{name}` with no default: "
                f"set `target.server_variables: {{{name}: ...}}` in tenants.yaml"
            )
        return str(default)

    url = _VARIABLE.sub(value, str(server.get("url", "/")))
    path = urlsplit(url).path if "://" in url else url.split("?", 1)[0]
    return "/" + path.strip("/") if path.strip("/") else ""


def build_routes(spec: dict[str, Any], config: Config, target_url: str) -> Routes:
    """Where every operation of ``spec`` goes for the deployment at ``target_url``."""
    templates = tuple(str(path) for path in spec.get("paths") or {})
    if not config.target.spec_servers:
        return Routes(target_url.rstrip("/"), target_url.rstrip("/"), (), templates)
    variables = dict(config.target.server_variables)
    root = server_prefix(spec.get("servers"), variables) or ""
    origin = origin_of(target_url, root)
    _refuse_doubled(origin, root, templates)
    routes: list[Route] = []
    for operation in operations(spec):
        item_prefix = server_prefix((operation.item or {}).get("servers"), variables)
        own_prefix = server_prefix(operation.spec.get("servers"), variables)
        if own_prefix is not None and own_prefix != (root if item_prefix is None else item_prefix):
            routes.append(Route(operation.path, origin + own_prefix, frozenset({operation.method})))
        elif item_prefix is not None and item_prefix != root:
            route = Route(operation.path, origin + item_prefix)
            if route not in routes:
                routes.append(route)
    # Exact paths first: `/things/export` must not take the route of `/things/{id}`.
    routes.sort(key=lambda r: "{" in r.template)
    return Routes(origin + root, origin, tuple(routes), templates)


def origin_of(target_url: str, prefix: str) -> str:
    """The target URL without ``prefix`` when it already ends with it (``https://h/v2`` -> ``https://h``)."""
    parts = urlsplit(target_url.rstrip("/"))
    path = parts.path.rstrip("/")
    if prefix and (path == prefix or path.endswith(prefix)):
        path = path[: -len(prefix)]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _refuse_doubled(origin: str, root: str, templates: tuple[str, ...]) -> None:
    if not root:
        return
    origin_path = urlsplit(origin).path.rstrip("/")
    if origin_path.endswith(root):
        raise ServersError(
            f"the target URL ends with the spec's server prefix `{root}` twice "
            f"(`{origin_path}{root}`): set target.base_url (or --target-url) to the origin or to the "
            f"origin followed by `{root}` once"
        )
    if templates and all(t == root or t.startswith(root + "/") for t in templates):
        raise ServersError(
            f"the spec's server URL says the prefix `{root}` and every path already starts with it, so "
            f"requests would go to `{root}{root}/...`: fix the spec's `servers`, or set "
            "`target.spec_servers: false` in tenants.yaml to send the paths as written"
        )
