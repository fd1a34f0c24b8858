"""A deliberately faulty HTTP target on a free loopback port, for tenantprobe to survive.

Raw asyncio, so it can misbehave below HTTP: reset connections, trickle bytes, never answer. It
serves its own small OpenAPI spec (``SPEC``) at ``/openapi.json`` (always promptly, unless the
fault is ``slow_spec``) and, when ``healthy_identity`` is set, ``/me`` promptly (the tenant is the
token's first word, so preflight passes; a token not ending in ``-t0ken`` gets 401). Every other
request gets the fault:

| fault | what every other request gets |
|---|---|
| ``slow`` | a valid answer, after ``delay_s`` (30 s by default) |
| ``reset`` | the connection reset (RST) before any byte |
| ``error_storm`` | `503 Service Unavailable`, JSON body |
| ``huge`` | `200` with a JSON body of ``huge_bytes`` (64 MB by default) |
| ``invalid_json`` | `200` `application/json` that does not parse |
| ``redirect_loop`` | `302` to the same URL, forever |
| ``trickle`` | headers, then one byte of body every 0.5 s, never complete |
| ``silent`` | nothing: the connection stays open, no byte is sent |
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import threading
from typing import Any

FAULTS = ("slow", "reset", "error_storm", "huge", "invalid_json", "redirect_loop", "trickle", "silent")

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "faulty", "version": "1"},
    "components": {
        "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            }
        },
    },
    "security": [{"token": []}],
    "paths": {
        "/me": {"get": {"responses": {"200": {"description": "who", "content": {"application/json": {}}}}}},
        "/items": {
            "get": {
                "responses": {
                    "200": {
                        "description": "items",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                            }
                        },
                    }
                }
            }
        },
    },
}


class FaultyServer:
    """``with FaultyServer("slow") as server:`` gives ``server.url`` and ``server.requests``."""

    def __init__(
        self,
        fault: str,
        *,
        delay_s: float = 30.0,
        huge_bytes: int = 64 * 1024 * 1024,
        healthy_identity: bool = False,
    ) -> None:
        if fault not in FAULTS and fault != "slow_spec":
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        self.fault = fault
        self.delay_s = delay_s
        self.huge_bytes = huge_bytes
        self.healthy_identity = healthy_identity
        self.faulty_requests = 0
        self.requests = 0
        self.open_connections = 0
        self._loop = asyncio.new_event_loop()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._stopped: asyncio.Event | None = None

    def __enter__(self) -> FaultyServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._stopped is not None:
            self._loop.call_soon_threadsafe(self._stopped.set)
        self._thread.join(timeout=5)

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._main())
        finally:
            self._loop.close()

    async def _main(self) -> None:
        self._stopped = asyncio.Event()
        server = await asyncio.start_server(self._handle, sock=self._sock)
        async with server:
            await self._stopped.wait()
            server.close()
            handlers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in handlers:
                task.cancel()
            await asyncio.gather(*handlers, return_exceptions=True)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.open_connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                method, target = head.split(b" ", 2)[:2]
                length = _content_length(head)
                if length:
                    await reader.readexactly(min(length, 1_000_000))
                self.requests += 1
                if not await self._answer(method.decode(), target.decode(), _bearer(head), writer):
                    return
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            self.open_connections -= 1
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _answer(self, method: str, target: str, token: str, writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False when the connection is done with."""
        path = target.split("?", 1)[0]
        if path == "/openapi.json":
            if self.fault == "slow_spec":
                await asyncio.sleep(self.delay_s)
            return await _send(writer, 200, json.dumps(SPEC).encode())
        if path == "/me" and self.healthy_identity:
            if not token.endswith("-t0ken"):  # the tokens targets.py writes; anything else is rejected
                return await _send(writer, 401, b'{"message": "unauthenticated"}')
            return await _send(writer, 200, json.dumps({"id": token.split("-")[0]}).encode())
        self.faulty_requests += 1
        fault = self.fault
        if fault == "slow" or fault == "slow_spec":
            await asyncio.sleep(self.delay_s)
            return await _send(writer, 200, b"[]" if path == "/items" else b'{"id": 1}')
        if fault == "reset":
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return False
        if fault == "error_storm":
            return await _send(writer, 503, b'{"message": "unavailable"}')
        if fault == "huge":
            return await _send_huge(writer, self.huge_bytes)
        if fault == "invalid_json":
            return await _send(writer, 200, b'{"id": 1, "name": ')
        if fault == "redirect_loop":
            return await _send(writer, 302, b"", extra=f"Location: {target}\r\n")
        if fault == "trickle":
            writer.write(_head(200, "OK", 100_000))
            for _ in range(100_000):
                writer.write(b" ")
                await writer.drain()
                await asyncio.sleep(0.5)
            return False
        await asyncio.sleep(3600)  # silent
        return False


def _bearer(head: bytes) -> str:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"authorization":
            return value.strip().decode().removeprefix("Bearer ")
    return ""


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip() or 0)
    return 0


def _head(status: int, reason: str, length: int, extra: str = "") -> bytes:
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {length}\r\n{extra}\r\n"
    ).encode()


async def _send(writer: asyncio.StreamWriter, status: int, body: bytes, extra: str = "") -> bool:
    reason = {200: "OK", 302: "Found", 401: "Unauthorized", 503: "Service Unavailable"}[status]
    writer.write(_head(status, reason, len(body), extra) + body)
    await writer.drain()
    return True


async def _send_huge(writer: asyncio.StreamWriter, size: int) -> bool:
    writer.write(_head(200, "OK", size))
    chunk = b"[" + b" " * (64 * 1024 - 1)
    sent = 0
    while sent < size:
        part = chunk[: size - sent]
        writer.write(part)
        await writer.drain()
        sent += len(part)
        chunk = b" " * len(chunk)
    return True
