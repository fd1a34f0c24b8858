"""Start-up settings of the reference API: one frozen value built by the CLI or by tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from reference_api.style import Style

AuthDialect = Literal["bearer", "api-key", "login"]
IdDialect = Literal["int", "uuid"]
RateLimitHeaderDialect = Literal["laravel", "ietf", "github"]
SignatureDialect = Literal["standard-webhooks", "stripe", "github", "spatie"]
TenancyDialect = Literal["header", "path"]

AUTH_DIALECTS: tuple[AuthDialect, ...] = ("bearer", "api-key", "login")
ID_DIALECTS: tuple[IdDialect, ...] = ("int", "uuid")
RATELIMIT_HEADER_DIALECTS: tuple[RateLimitHeaderDialect, ...] = ("laravel", "ietf", "github")
SIGNATURE_DIALECTS: tuple[SignatureDialect, ...] = ("standard-webhooks", "stripe", "github", "spatie")
TENANCY_DIALECTS: tuple[TenancyDialect, ...] = ("header", "path")


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    # None: a fresh temporary database file, deleted when the process exits.
    db_path: str | None = None
    defects: frozenset[str] = field(default_factory=frozenset)
    # login: bearer tokens, plus POST /api/v1/login (email + password) issuing fresh ones
    auth: AuthDialect = "bearer"
    ids: IdDialect = "int"
    ratelimit_headers: RateLimitHeaderDialect = "laravel"
    signature: SignatureDialect = "standard-webhooks"
    # (max requests, window in seconds) per token.
    rate_limit: tuple[int, int] = (60, 60)
    tenants: int = 3
    # envelopes, servers, $refs, inbound tenant carrier, webhook secrets (style.py)
    style: Style = field(default_factory=Style)
    # header: the token's team, X-Team-Id switches; path: every scoped route under /api/v1/orgs/{org}
    tenancy: TenancyDialect = "header"
    # the Server-Sent Events stream (off by default): how long one stream lives, heartbeat interval
    sse: bool = False
    sse_lifetime_s: float = 30.0
    sse_heartbeat_s: float = 5.0

    @property
    def credential_header(self) -> str:
        """The request header that carries the token in this auth dialect."""
        return "Authorization" if self.auth == "bearer" else "X-API-Key"


def parse_rate_limit(text: str) -> tuple[int, int]:
    """Parse ``N/SECONDS`` (e.g. ``60/60``); raise ValueError with a message a person can act on."""
    parts = text.split("/")
    if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
        raise ValueError(f"--rate-limit expects N/SECONDS such as 60/60, got {text!r}")
    count, seconds = int(parts[0]), int(parts[1])
    if count < 1 or seconds < 1:
        raise ValueError(f"--rate-limit needs N >= 1 and SECONDS >= 1, got {text!r}")
    return count, seconds
