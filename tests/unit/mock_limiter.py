"""An in-memory rate limiter behind ``httpx.MockTransport``: the throttle probe proven in milliseconds.

Tenants a and b; a ``Bearer <tenant>-<name>`` token says who calls. Each principal has its own budget
of ``limit`` requests, announced in Laravel headers, with ``Retry-After`` on a 429. A throttled budget
comes back ``cooloff`` seconds after its last 429. The limiter answers as a sound one would, unless a
planted weakness named in ``defects`` says otherwise, each one for the check that must catch it:

- ``unenforced``: still allows once Remaining is 0 (rate_limit_enforced)
- ``premature``: the 429 comes while Remaining still says 2 (rate_limit_exact_budget)
- ``skips``: each request costs two, Remaining goes down by two (rate_limit_remaining_counts_down)
- ``one_budget``: every caller of every tenant shares one budget (rate_limit_per_tenant, and so
  rate_limit_per_principal too)
- ``tenant_budget``: a tenant's principals share one budget (rate_limit_per_principal)
- ``trusts_forwarded``: a forged ``X-Forwarded-For`` opens a fresh budget (rate_limit_no_bypass)
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

from tenantprobe import RunState, load_config

BASE_URL = "http://limiter.test"
LIMIT = 6


def limiter_config(**probe: object) -> dict[str, Any]:
    """tenants.yaml for the limiter: a viewer and an editor per tenant, a dedicated probe principal each."""

    def tenant(name: str) -> dict[str, object]:
        roles = ("viewer", "editor")
        principals = {role: {"role": role, "token": f"{name}-{role}"} for role in roles}
        return {"admin": {"token": f"{name}-admin"}, "principals": principals}

    return {
        "version": 1,
        "target": {"base_url": BASE_URL, "spec": "/openapi.json"},
        "auth": {"carrier": "bearer"},
        "tenants": {"a": tenant("a"), "b": tenant("b")},
        "rate_limits": {
            "dialect": "laravel",
            "probe": {
                "operation": "GET /me",
                "principals": {"a": {"token": "a-probe"}, "b": {"token": "b-probe"}},
                "max_requests": 100,
                "max_seconds": 5,
                "concurrency": 4,
                **probe,
            },
        },
    }


def limiter_state(tmp_path: Path, config: dict[str, Any] | None = None) -> RunState:
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(config or limiter_config()), encoding="utf-8")
    return RunState(load_config(path, env={}), BASE_URL, {"paths": {}}, "sha")


@dataclass
class _Budget:
    used: int = 0
    throttled_at: float | None = None  # the last 429's time


@dataclass
class MemoryLimiter:
    """The limiter's buckets and its planted weaknesses; ``handle`` is the transport's handler."""

    defects: set[str] = field(default_factory=set)
    retry_after: str = "60"  # longer than the probe may wait: it reports recovery as not awaited
    cooloff: float = 60.0
    statuses: list[int] = field(default_factory=list)
    _budgets: dict[str, _Budget] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        tenant, _, name = token.partition("-")
        if scheme.lower() != "bearer" or tenant not in ("a", "b") or not name:
            return self._answer(401, {"message": "Unauthenticated."}, {})
        allowed, remaining = self._hit(self._key(token, tenant, request))
        headers = {"X-RateLimit-Limit": str(LIMIT), "X-RateLimit-Remaining": str(remaining)}
        if not allowed:
            headers["Retry-After"] = self.retry_after
            return self._answer(429, {"message": "Too many requests."}, headers)
        return self._answer(200, {"ok": True}, headers)

    def _key(self, token: str, tenant: str, request: httpx.Request) -> str:
        key = (
            "everyone"
            if "one_budget" in self.defects
            else tenant
            if "tenant_budget" in self.defects
            else token
        )
        if "trusts_forwarded" in self.defects:
            key += "|" + request.headers.get("X-Forwarded-For", "")
        return key

    def _hit(self, key: str) -> tuple[bool, int]:
        now = time.monotonic()
        cost = 2 if "skips" in self.defects else 1
        cap = LIMIT - 2 if "premature" in self.defects else LIMIT
        with self._lock:
            budget = self._budgets.setdefault(key, _Budget())
            if budget.throttled_at is not None and now >= budget.throttled_at + self.cooloff:
                budget.used, budget.throttled_at = 0, None
            allowed = budget.used < cap or "unenforced" in self.defects
            if allowed:
                budget.used = min(LIMIT, budget.used + cost)
            else:
                budget.throttled_at = now
            return allowed, LIMIT - budget.used

    def _answer(self, status: int, body: dict[str, object], headers: dict[str, str]) -> httpx.Response:
        with self._lock:
            self.statuses.append(status)
        return httpx.Response(status, json=body, headers=headers)
