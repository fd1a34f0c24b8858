"""The reference API as a benchmark target: requests counted and time-stamped at the server.

The server writes one JSON line per request it answers; a reader thread stamps each line on arrival,
so a phase's requests per second is measured at the server, not by whoever sends.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import ROOT

from tenantprobe.core.target import stop_process


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def demo_env() -> dict[str, str]:
    """The embedded API's demo credentials (not secrets) as environment variables."""
    env = {}
    for line in (ROOT / "src" / "reference_api" / "demo.env").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            env[key.strip()] = value.strip().strip("'\"")
    return env


@dataclass
class Phase:
    name: str
    requests: int
    first: float | None
    last: float | None
    wall_s: float
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def server_s(self) -> float:
        """From the first to the last request the server answered in this phase."""
        return (self.last - self.first) if self.first is not None and self.last is not None else 0.0

    @property
    def rate(self) -> float:
        return (self.requests - 1) / self.server_s if self.server_s > 0 and self.requests > 1 else 0.0


class CountingServer:
    """`python -m reference_api serve` on a free loopback port; every request line time-stamped."""

    def __init__(self, *flags: str, defects: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._folder = tempfile.TemporaryDirectory(prefix="tp-bench-")
        command = [
            sys.executable,
            "-m",
            "reference_api",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--db",
            str(Path(self._folder.name) / "bench.db"),
            *flags,
        ]
        if defects:
            command += ["--defects", ",".join(defects)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        self.lines: list[tuple[float, dict[str, Any]]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self._wait_ready()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            stamp = time.monotonic()
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and "request_id" in entry:
                with self._lock:
                    self.lines.append((stamp, entry))

    def _wait_ready(self, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the reference API exited at start-up")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the reference API did not listen in time")

    def mark(self) -> int:
        with self._lock:
            return len(self.lines)

    def phase(self, name: str, since: int, wall_s: float) -> Phase:
        time.sleep(0.3)  # let the reader catch the last lines
        with self._lock:
            lines = self.lines[since:]
        statuses: dict[int, int] = {}
        for _, entry in lines:
            statuses[int(entry.get("status", 0))] = statuses.get(int(entry.get("status", 0)), 0) + 1
        return Phase(
            name,
            len(lines),
            lines[0][0] if lines else None,
            lines[-1][0] if lines else None,
            wall_s,
            statuses,
        )

    def routes(self, since: int = 0) -> list[tuple[str, str]]:
        with self._lock:
            return [(str(e.get("method")), str(e.get("route"))) for _, e in self.lines[since:]]

    def stop(self) -> None:
        stop_process(self.process)
        self._folder.cleanup()

    def __enter__(self) -> CountingServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
