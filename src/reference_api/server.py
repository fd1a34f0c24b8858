"""Run the app with uvicorn: in the foreground (CLI) or on a background thread (tests, tools).

``BackgroundServer`` binds 127.0.0.1 port 0 itself, so the OS picks a free port and there is no
race between choosing a port and listening on it.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType
from typing import Any

import uvicorn

from reference_api.app import create_app
from reference_api.settings import Settings

# sans-I/O websockets implementation: no deprecated legacy module (warnings are errors in tests)
_UVICORN_OPTIONS: dict[str, Any] = {"access_log": False, "log_level": "warning", "ws": "websockets-sansio"}


def serve_forever(settings: Settings) -> None:
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, **_UVICORN_OPTIONS)


class BackgroundServer:
    """``with BackgroundServer(settings) as server: httpx.get(server.url + "/up")``."""

    def __init__(self, settings: Settings, *, start_timeout: float = 10.0) -> None:
        self.app = create_app(settings)
        self.ctx = self.app.state.ctx
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(("127.0.0.1", 0))
        self.port: int = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(self.app, **_UVICORN_OPTIONS))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )
        self._start_timeout = start_timeout

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + self._start_timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"reference API did not start within {self._start_timeout} s")
            time.sleep(0.01)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
