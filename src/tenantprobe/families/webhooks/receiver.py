"""A webhook receiver for one run: a real HTTP server on loopback that records what arrives.

Each tenant gets its own path, so a delivery that reaches the wrong tenant's path is visible. Bodies
are capped and concurrent connections bounded, so a misbehaving target cannot exhaust the runner.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Delivery:
    """One request as it arrived: raw bytes, headers, and when."""

    tenant: str  # whose path it arrived at ("" for an unknown path)
    path: str
    method: str
    headers: dict[str, str]
    body: bytes
    arrived_at: float  # unix time
    url: str


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    receiver: Receiver


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 5.0  # seconds a sender may stall mid-request before its connection (and slot) is freed

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        return  # the run's reports show deliveries; stderr stays quiet

    def _answer(self, status: int, text: str = "") -> None:
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _receive(self) -> None:
        receiver = self.server.receiver
        if not receiver.slots.acquire(blocking=False):
            self.close_connection = True
            self._answer(503, "receiver busy")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > receiver.max_body_bytes:
                self.close_connection = True
                self._answer(413, f"body larger than {receiver.max_body_bytes} bytes")
                return
            body = self.rfile.read(length) if length > 0 else b""
            receiver.record(self.command, self.path, dict(self.headers.items()), body)
            self._answer(200, "ok")
        finally:
            receiver.slots.release()

    do_POST = do_PUT = do_PATCH = _receive


class Receiver:
    """``with Receiver() as r: r.url_for("red")`` — deliveries land in ``r.deliveries()``."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        *,
        public_url: str | None = None,
        max_body_bytes: int = 1_000_000,
        max_connections: int = 16,
        max_deliveries: int = 10_000,
    ) -> None:
        self.max_body_bytes = max_body_bytes
        self.max_deliveries = max_deliveries
        self.slots = threading.BoundedSemaphore(max_connections)
        self._server = _Server((host, 0), _Handler)
        self._server.receiver = self
        self._public_url = public_url.rstrip("/") if public_url else None
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._deliveries: list[Delivery] = []
        self._paths: dict[str, str] = {}  # path -> tenant
        self._thread: threading.Thread | None = None
        self.dropped = 0

    @property
    def base_url(self) -> str:
        if self._public_url:
            return self._public_url
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Receiver:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="tp-webhook-receiver", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def url_for(self, tenant: str) -> str:
        """A path of its own for ``tenant``, hard to guess so nothing else posts there by chance."""
        with self._lock:
            for path, owner in self._paths.items():
                if owner == tenant:
                    return self.base_url + path
            path = f"/hooks/{tenant}/{secrets.token_hex(6)}"
            self._paths[path] = tenant
        return self.base_url + path

    def record(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        with self._arrived:
            if len(self._deliveries) >= self.max_deliveries:
                self.dropped += 1
                return
            tenant = self._paths.get(path.split("?", 1)[0], "")
            self._deliveries.append(
                Delivery(tenant, path, method, headers, body, time.time(), self.base_url + path)
            )
            self._arrived.notify_all()

    def deliveries(self, tenant: str | None = None) -> list[Delivery]:
        with self._lock:
            return [d for d in self._deliveries if tenant is None or d.tenant == tenant]

    def wait_for(self, done: Any, timeout_s: float) -> bool:
        """Wait until ``done(deliveries)`` is true or ``timeout_s`` passes; whether it became true."""
        deadline = time.monotonic() + timeout_s
        with self._arrived:
            while not done(list(self._deliveries)):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._arrived.wait(min(remaining, 0.2))
        return True
