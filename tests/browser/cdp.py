"""A headless Chromium driven over the DevTools protocol (one page, evaluate, collect requests)."""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from websockets.sync.client import ClientConnection, connect

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--remote-debugging-port=0", "--window-size=1400,1000",
)  # fmt: skip
_LISTENING = re.compile(r"DevTools listening on (ws://127\.0\.0\.1:(\d+)/\S+)")


def find_chromium() -> str | None:
    for candidate in CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    return None


class Browser:
    """One Chromium process with one page; every message exchanged is bounded in time."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="tp-chromium-")
        # Chromium's log goes to a file (a pipe nobody reads would fill up and stall it).
        self._log_path = Path(self._profile.name) / "chromium.log"
        with self._log_path.open("w") as log:
            self.process = subprocess.Popen(
                [executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
                stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL,
            )  # fmt: skip
        port = self._wait_for_port()
        pages = httpx.get(f"http://127.0.0.1:{port}/json/list", timeout=timeout).json()
        page = next(target for target in pages if target.get("type") == "page")
        self._stack = contextlib.ExitStack()
        self._ws: ClientConnection = self._stack.enter_context(
            connect(page["webSocketDebuggerUrl"], max_size=None)
        )
        self._ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []

    def _wait_for_port(self) -> int:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            match = _LISTENING.search(self._log_path.read_text(errors="replace"))
            if match:
                return int(match.group(2))
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"Chromium did not open its DevTools port: {self._log_path.read_text()[-500:]}")

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self._ids)
        self._ws.send(json.dumps({"id": message_id, "method": method, "params": params}))
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            message = json.loads(self._ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if message.get("id") == message_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result") or {})
            self.events.append(message)
        raise TimeoutError(method)

    def open(self, url: str) -> None:
        self.send("Page.enable")
        self.send("Network.enable")
        self.send("Page.navigate", url=url)
        deadline = time.monotonic() + self.timeout
        while not any(event.get("method") == "Page.loadEventFired" for event in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            self.events.append(json.loads(self._ws.recv(timeout=self.timeout)))

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def requested_urls(self) -> list[str]:
        return [
            event["params"]["request"]["url"]
            for event in self.events
            if event.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        try:
            self._stack.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self._profile.cleanup()


def file_url(path: Path) -> str:
    return path.resolve().as_uri()
