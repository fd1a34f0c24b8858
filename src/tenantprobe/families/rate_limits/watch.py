"""What the passive checks share in one process: settings, the dialect, the scope, the tracker."""

from __future__ import annotations

import threading
from typing import Any

from tenantprobe.core.client import auth_headers
from tenantprobe.core.config import Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.ratelimit.dialects import Dialect, detect
from tenantprobe.core.state import RunState
from tenantprobe.families.rate_limits.scope import AnnouncedResponses
from tenantprobe.families.rate_limits.settings import RateLimitSettings, rate_limit_settings
from tenantprobe.families.rate_limits.window import RemainingTracker


def spec_header_names(spec: dict[str, Any]) -> set[str]:
    """Every response header name the spec declares, on any operation."""
    names: set[str] = set()
    for item in (spec.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            responses = operation.get("responses") if isinstance(operation, dict) else None
            for response in (responses or {}).values():
                if isinstance(response, dict):
                    names.update(response.get("headers") or {})
    return names


class RateLimitWatch:
    def __init__(self, state: RunState) -> None:
        self.state = state
        self.settings: RateLimitSettings = rate_limit_settings(state.config)
        self.tracker = RemainingTracker()
        self._dialect = self.settings.dialect
        self.detected_from = "tenants.yaml" if self._dialect else ""
        if self.settings.configured and self._dialect is None:
            self._dialect = detect(spec_header_names(state.spec))
            self.detected_from = "the spec" if self._dialect else ""
        self._scope: AnnouncedResponses | None = None
        self._lock = threading.Lock()

    def dialect(self, exchange: Exchange | None = None) -> Dialect | None:
        """The configured dialect; with ``auto``, the spec's, else the first one seen in traffic."""
        if self._dialect is None and self.settings.configured and exchange is not None:
            with self._lock:
                if self._dialect is None:
                    self._dialect = detect(exchange.response_headers)
                    self.detected_from = "the responses" if self._dialect else ""
        return self._dialect

    def scope(self, dialect: Dialect) -> AnnouncedResponses:
        with self._lock:
            if self._scope is None:
                self._scope = AnnouncedResponses(
                    self.state.spec,
                    dialect,
                    base_url=self.state.routes,
                    on_errors=self.settings.on_errors,
                    unlimited=self.settings.unlimited_operations,
                )
            return self._scope

    def carries_credential(self, exchange: Exchange, principal: Principal) -> bool:
        """Whether the request went out with ``principal``'s own credential (not stripped or swapped)."""
        expected = auth_headers(self.state.config, principal, self.state.tokens.get(principal.id))
        sent = {name.lower(): value for name, value in exchange.request_headers.items()}
        return bool(expected) and all(sent.get(name.lower()) == value for name, value in expected.items())


_WATCH: RateLimitWatch | None = None
_WATCH_LOCK = threading.Lock()


def rate_limit_watch(state: RunState) -> RateLimitWatch:
    """The watch of this process's run (rebuilt when the run state changes, e.g. in unit tests)."""
    global _WATCH
    with _WATCH_LOCK:
        if _WATCH is None or _WATCH.state is not state:
            _WATCH = RateLimitWatch(state)
        return _WATCH
