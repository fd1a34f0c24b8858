"""Which responses must announce the rate limit: those the spec declares the headers on.

When the spec declares no rate-limit header at all, every response of an operation outside
``unlimited_operations`` must (client errors only with ``on_errors``); server errors never must.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tenantprobe.core.ratelimit.dialects import Dialect
from tenantprobe.core.routes import Routes
from tenantprobe.openapi.operations import iter_operations
from tenantprobe.openapi.permissions import operation_key

_PARAMETER = re.compile(r"\\\{[^/}]+\\\}")


@dataclass(frozen=True)
class _Operation:
    key: str  # "METHOD /template"
    pattern: re.Pattern[str]
    declared: dict[str, bool]  # response status (or "default", "4XX") -> declares a limit header


class AnnouncedResponses:
    """Knows, for one spec and dialect, whether a response must carry the dialect's headers."""

    def __init__(
        self,
        spec: dict[str, Any],
        dialect: Dialect,
        *,
        base_url: str | Routes,
        on_errors: bool,
        unlimited: tuple[str, ...] = (),
    ) -> None:
        names = {name.lower() for name in dialect.names}
        self._routes = base_url if isinstance(base_url, Routes) else Routes(base_url, origin=base_url)
        self._on_errors = on_errors
        self._unlimited = set(unlimited)
        self._operations: list[_Operation] = []
        for method, path, operation in iter_operations(spec):
            declared = {
                str(status): bool(names & {h.lower() for h in (response.get("headers") or {})})
                for status, response in (operation.get("responses") or {}).items()
                if isinstance(response, dict)
            }
            pattern = re.compile("^" + _PARAMETER.sub("[^/]+", re.escape(path)) + "$")
            self._operations.append(_Operation(operation_key(method, path), pattern, declared))
        self.spec_declares = any(any(op.declared.values()) for op in self._operations)

    def find(self, method: str, url: str, operation: str = "") -> _Operation | None:
        """The spec operation a request belongs to: by its operation label, else by its URL."""
        for candidate in self._operations:
            if candidate.key == operation:
                return candidate
        matches = [op for op in self._operations if op.key.split(" ", 1)[0] == method.upper()]
        for path in self._routes.relative_paths(url, method):
            exact = [op for op in matches if op.key.split(" ", 1)[1] == path]
            templated = [op for op in matches if op.pattern.match(path)]
            found = exact or templated
            if found:
                return found[0]
        return None

    def must_announce(self, method: str, url: str, status: int, operation: str = "") -> bool:
        if status >= 500:
            return False
        found = self.find(method, url, operation)
        if found is None or found.key in self._unlimited:
            return False
        if status >= 400 and status != 429 and not self._on_errors:
            return False
        if not self.spec_declares:
            return True
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in found.declared:
                return found.declared[key]
        return any(found.declared.values())  # an undocumented status of an operation that announces
