"""Where each of the spec's paths is sent: a base URL per path (the spec's `servers`), and back again.

`openapi.servers` works the bases out from the spec and the target URL; the client, the ledger and
the contract runner only ask: the URL of ``METHOD path``, and the spec path a URL was sent to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_PARAM = re.compile(r"\{[^}/]+\}")


def template_pattern(template: str) -> re.Pattern[str]:
    """``/things/{id}`` as a regular expression matching ``/things/7``."""
    parts = _PARAM.split(template)
    return re.compile("[^/]+".join(re.escape(part) for part in parts))


@dataclass(frozen=True)
class Route:
    """A spec path (template) whose operations go to ``base`` (all methods when ``methods`` is empty)."""

    template: str
    base: str
    methods: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Routes:
    """The API's base URL, the bases of paths and operations that differ, and the spec's paths."""

    base: str  # where the spec's paths are joined, unless a route says otherwise
    origin: str = ""  # the target URL without the spec's prefix (where absolute URLs of tenants.yaml go)
    routes: tuple[Route, ...] = ()
    templates: tuple[str, ...] = ()  # every path of the spec, to find the one a URL was sent to
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False, compare=False)

    def base_for(self, method: str, path: str) -> str:
        """The base URL ``METHOD path`` goes to; ``path`` is a spec template or a filled-in path."""
        bare = path.split("?", 1)[0]
        for route in self.routes:
            if route.methods and method.upper() not in route.methods:
                continue
            if route.template == bare or self._pattern(route.template).fullmatch(bare):
                return route.base
        return self.base

    def url(self, method: str, path: str) -> str:
        """The absolute URL of ``path`` (absolute URLs are kept as they are)."""
        if path.startswith(("http://", "https://")):
            return path
        return join(self.base_for(method, path), path)

    def template_of(self, url: str, method: str = "") -> str | None:
        """The spec path a request URL was sent to (``http://h/v2/things/7`` -> ``/things/{id}``).

        An exact path wins over a templated one (``/things/export`` over ``/things/{id}``).
        """
        candidates = self.relative_paths(url, method)
        for candidate in candidates:
            if candidate in self.templates:
                return candidate
        for candidate in candidates:
            for template in self.templates:
                if self._pattern(template).fullmatch(candidate):
                    return template
        return None

    def relative_paths(self, url: str, method: str = "") -> list[str]:
        """The URL's path with each base's prefix taken off (the API base's first), then as it is."""
        path = urlsplit(url).path or "/"
        bases = [r.base for r in self.routes if not method or not r.methods or method.upper() in r.methods]
        found = []
        for base in [self.base, *bases, self.origin]:
            prefix = urlsplit(base).path.rstrip("/")
            if not prefix:
                found.append(path)
            elif path.startswith(prefix + "/") or path == prefix:
                found.append(path[len(prefix) :] or "/")
        return list(dict.fromkeys([*found, path]))

    def _pattern(self, template: str) -> re.Pattern[str]:
        if template not in self._patterns:
            self._patterns[template] = template_pattern(template)
        return self._patterns[template]


def join(base: str, path: str) -> str:
    """``base`` + ``path`` with exactly one slash between them."""
    return base.rstrip("/") + "/" + path.lstrip("/")
