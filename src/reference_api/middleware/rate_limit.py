"""Throttle ``/api/v1`` per token (per client address when the request carries no valid token).

The spec document and the inbound payment callback (no token; the provider retries) are exempt,
like ``/up``. A 429 says when to retry, in the header dialect chosen with ``--ratelimit-headers``.
"""

from __future__ import annotations

import json
import time
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reference_api.auth import credential_from
from reference_api.ratelimit import RateLimiter, limit_headers, too_many_headers

LIMITED_PREFIX = "/api/v1/"
EXEMPT_PATHS = ("/api/v1/openapi.json",)
EXEMPT_PREFIXES = ("/api/v1/payments/",)


def is_rate_limited(path: str) -> bool:
    return (
        path.startswith(LIMITED_PREFIX) and path not in EXEMPT_PATHS and not path.startswith(EXEMPT_PREFIXES)
    )


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, ctx: Any) -> None:
        self.app = app
        self.ctx = ctx
        self.limiter = RateLimiter(*ctx.settings.rate_limit)
        ctx.extras["rate_limiter"] = self.limiter

    def _key(self, scope: Scope) -> str:
        token = self.ctx.tokens.resolve(credential_from(Headers(scope=scope), self.ctx.settings))
        if token is not None:
            key = f"token:{token.id}"
        else:
            client = scope.get("client")
            key = f"ip:{client[0] if client else 'unknown'}"
        if self.ctx.defects.on("ratelimit_shared_bucket"):
            from reference_api.defects.rate_limits import ratelimit_shared_bucket

            key = ratelimit_shared_bucket(key)
        return key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_rate_limited(scope["path"]):
            await self.app(scope, receive, send)
            return
        defects, dialect = self.ctx.defects, self.ctx.settings.ratelimit_headers
        decision = self.limiter.hit(self._key(scope))
        if defects.on("ratelimit_not_enforced"):
            from reference_api.defects.rate_limits import ratelimit_not_enforced

            decision = ratelimit_not_enforced(decision)
        if defects.on("ratelimit_remaining_stuck"):
            from reference_api.defects.rate_limits import ratelimit_remaining_stuck

            decision = ratelimit_remaining_stuck(decision)
        now = time.time()
        headers = limit_headers(dialect, decision, now)
        if not decision.allowed:
            extra = too_many_headers(dialect, decision, now)
            if defects.on("ratelimit_429_without_retry_after"):
                from reference_api.defects.rate_limits import ratelimit_429_without_retry_after

                extra = ratelimit_429_without_retry_after(extra)
            await self._too_many(send, headers + extra, decision.retry_after(now))
            return
        if defects.on("ratelimit_headers_missing"):
            from reference_api.defects.rate_limits import ratelimit_headers_missing

            headers = ratelimit_headers_missing(headers)
        encoded = [(name.lower().encode(), value.encode()) for name, value in headers]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *encoded]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    async def _too_many(send: Send, headers: list[tuple[str, str]], retry_after: int) -> None:
        body = json.dumps(
            {
                "message": f"Too Many Attempts. Retry in {retry_after} seconds.",
                "retry_after": retry_after,
            }
        ).encode()
        raw = [(name.lower().encode(), value.encode()) for name, value in headers]
        raw += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 429, "headers": raw})
        await send({"type": "http.response.body", "body": body})
