"""A small fixed-window limiter on loopback (Laravel-style headers, Retry-After on 429) for tests.

Buckets are keyed on the bearer token and, when ``trust_forwarded`` is set, on a forged
``X-Forwarded-For`` too (a bypass the rate-limit probe must report). Unknown tokens get 401.
"""

from __future__ import annotations

import json
import math
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LIMIT, WINDOW = 6, 2
TOKENS = {"probe-a", "probe-b", "viewer"}


class Limiter(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, trust_forwarded: bool, limit: int = LIMIT, window: float = WINDOW) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.trust_forwarded = trust_forwarded
        self.limit, self.window = limit, window
        self.statuses: list[int] = []  # every status answered, in order
        self.windows: dict[str, tuple[float, int]] = {}
        self.lock = threading.Lock()

    def hit(self, key: str) -> tuple[bool, int, float]:
        now = time.time()
        with self.lock:
            start, used = self.windows.get(key, (now, 0))
            if now >= start + self.window:
                start, used = now, 0
            allowed = used < self.limit
            used += allowed
            self.windows[key] = (start, used)
        return allowed, self.limit - used, start + self.window


class Handler(BaseHTTPRequestHandler):
    server: Limiter

    def do_GET(self) -> None:  # noqa: N802 (the http.server hook name)
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or token not in TOKENS:
            return self.reply(401, {"message": "Unauthenticated."}, {})
        forwarded = self.headers.get("X-Forwarded-For", "") if self.server.trust_forwarded else ""
        key = f"{token}|{forwarded}"
        allowed, remaining, reset_at = self.server.hit(key)
        headers = {"X-RateLimit-Limit": str(self.server.limit), "X-RateLimit-Remaining": str(remaining)}
        if not allowed:
            headers["Retry-After"] = str(max(1, math.ceil(reset_at - time.time())))
            return self.reply(429, {"message": "Too many requests."}, headers)
        self.reply(200, {"ok": True}, headers)

    def reply(self, status: int, body: dict[str, object], headers: dict[str, str]) -> None:
        self.server.statuses.append(status)
        data = json.dumps(body).encode()
        self.send_response(status)
        for name, value in {**headers, "Content-Type": "application/json"}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass
