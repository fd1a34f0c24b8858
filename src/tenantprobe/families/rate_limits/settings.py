"""The ``rate_limits`` block of tenants.yaml, as typed settings (the JSON Schema validated it already)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.config import Config, Credentials, Principal
from tenantprobe.core.ratelimit.dialects import Dialect, configured_dialect

# Headers proxies set to name the client; a limiter keyed on them can be reset by a forged value.
DEFAULT_SPOOF_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded", "X-Client-IP", "True-Client-IP")
# RFC 6750 §2.3: the bearer token as a query parameter, the standard alternative carrier.
DEFAULT_CARRIERS = ({"in": "query", "name": "access_token"},)


@dataclass(frozen=True)
class Carrier:
    """Where a credential may travel besides the configured carrier: a header or a query parameter."""

    location: str  # "header" or "query"
    name: str
    prefix: str = ""  # e.g. "Bearer " for a header carrying a bearer token


@dataclass(frozen=True)
class ProbeSettings:
    enabled: bool = False
    operation: str | None = None  # "METHOD /path": a cheap, rate-limited request any principal may send
    principals: tuple[Principal, ...] = ()  # dedicated per tenant: the probe may exhaust them
    max_requests: int = 1000
    max_seconds: float = 30.0
    slack: int = 0
    concurrency: int = 8  # requests in flight while spending: a slow target still spends in one window
    spoof_headers: tuple[str, ...] = DEFAULT_SPOOF_HEADERS
    carriers: tuple[Carrier, ...] = ()


@dataclass(frozen=True)
class RateLimitSettings:
    configured: bool = False  # false: the block is absent, every rate-limit check does nothing
    dialect: Dialect | None = None  # None with ``configured``: detect it from the spec or the traffic
    on_errors: bool = True
    retry_after: bool = True
    scope: str = "principal"  # what one budget belongs to: "principal" (token) or "tenant"
    unlimited_operations: tuple[str, ...] = ()
    probe: ProbeSettings = field(default_factory=ProbeSettings)


def rate_limit_settings(config: Config) -> RateLimitSettings:
    block = config.block("rate_limits")
    if not block:
        return RateLimitSettings()
    return RateLimitSettings(
        configured=True,
        dialect=configured_dialect(block),
        on_errors=bool(block.get("on_errors", True)),
        retry_after=bool(block.get("retry_after", True)),
        scope=block.get("scope", "principal"),
        unlimited_operations=tuple(block.get("unlimited_operations", ())),
        probe=_probe_settings(config, block.get("probe") or {}),
    )


def _probe_settings(config: Config, probe: dict[str, Any]) -> ProbeSettings:
    operation = probe.get("operation")
    if operation is None and config.identity is not None:
        operation = f"GET {config.identity.path}"
    principals = tuple(
        Principal(
            tenant,
            str(value.get("name", "ratelimit-probe")),
            str(value.get("role", "")),
            Credentials(token=value.get("token"), headers=dict(value.get("headers", {}))),
        )
        for tenant, value in (probe.get("principals") or {}).items()
    )
    carriers = tuple(
        Carrier(item["in"], item["name"], item.get("prefix", ""))
        for item in probe.get("carriers", DEFAULT_CARRIERS)
    )
    return ProbeSettings(
        enabled=bool(probe.get("enabled", bool(principals))),
        operation=operation,
        principals=principals,
        max_requests=int(probe.get("max_requests", 1000)),
        max_seconds=float(probe.get("max_seconds", 30.0)),
        slack=int(probe.get("slack", 0)),
        concurrency=int(probe.get("concurrency", 8)),
        spoof_headers=tuple(probe.get("spoof_headers", DEFAULT_SPOOF_HEADERS)),
        carriers=carriers,
    )
