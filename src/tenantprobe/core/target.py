"""Reaching the target: the embedded reference API when none is configured, and its spec."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit, urlunsplit

import httpx
import yaml

from tenantprobe.core.json_pointer import escape

_READY_TIMEOUT_S = 20.0
# Bounds on a spec: the largest public specs are a few MB and a few hundred thousand values deep.
MAX_SPEC_BYTES = 64_000_000
MAX_SPEC_NODES = 5_000_000
MAX_SPEC_DEPTH = 200


class TargetUnavailable(Exception):
    """The target cannot be reached or its spec cannot be loaded (exit code 3)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class EmbeddedTarget:
    """The reference API in a child process on a free loopback port, with its own SQLite file."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    _log: TextIO
    _folder: tempfile.TemporaryDirectory[str]

    @classmethod
    def start(cls, args: tuple[str, ...] = (), log_dir: Path | None = None) -> EmbeddedTarget:
        port = free_port()
        folder = tempfile.TemporaryDirectory(prefix="tenantprobe-target-")
        log_dir = log_dir or Path(folder.name)
        log_dir.mkdir(parents=True, exist_ok=True)
        log_path = log_dir / "target.log"
        log = log_path.open("w", encoding="utf-8")
        command = [
            sys.executable, "-m", "reference_api", "serve",
            "--host", "127.0.0.1", "--port", str(port),
            "--db", str(Path(folder.name) / "target.db"),
            *args,
        ]  # fmt: skip
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        target = cls(f"http://127.0.0.1:{port}", process, log_path, log, folder)
        target._wait_ready()
        return target

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + _READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._log.flush()
                tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
                self.stop()
                raise TargetUnavailable(f"the embedded reference API exited at start-up:\n{tail}")
            try:
                with socket.create_connection(("127.0.0.1", int(self.url.rsplit(":", 1)[1])), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise TargetUnavailable(f"the embedded reference API did not listen within {_READY_TIMEOUT_S:.0f} s")

    def stop(self) -> None:
        stop_process(self.process)
        self._log.close()
        self._folder.cleanup()


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Ask a child to stop, and make it stop if it has not within ten seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def spec_location(base_url: str, spec: str, root: Path) -> str:
    """An absolute URL or an existing file path for the configured spec."""
    if spec.startswith(("http://", "https://")):
        return spec
    if spec.startswith("/") and not Path(spec).is_file():
        # A base URL that already carries the API prefix (`https://h/v2`) and a spec path that
        # starts with it too (`/v2/openapi.json`): the prefix once.
        parts = urlsplit(base_url.rstrip("/"))
        prefix = parts.path.rstrip("/")
        if prefix and (spec == prefix or spec.startswith(prefix + "/")):
            return urlunsplit((parts.scheme, parts.netloc, spec, "", ""))
        return base_url.rstrip("/") + spec
    return str((root / spec).resolve())


def load_spec(location: str, timeout_s: float) -> tuple[dict[str, Any], str]:
    """The spec as a dict and the sha256 of its bytes; :class:`TargetUnavailable` when it cannot be had."""
    raw = (
        _fetch_spec(location, timeout_s)
        if location.startswith(("http://", "https://"))
        else _read_spec(location)
    )
    try:
        document = json.loads(raw) if raw.lstrip()[:1] in (b"{", b"[") else yaml.safe_load(raw)
    except (ValueError, yaml.YAMLError, RecursionError) as exc:
        raise TargetUnavailable(f"the spec at {location} is neither JSON nor YAML: {exc}") from None
    if not isinstance(document, dict) or "openapi" not in document:
        raise TargetUnavailable(f"the document at {location} is not an OpenAPI spec (no `openapi` key)")
    problem = spec_shape_problem(document) or spec_structure_problem(document)
    if problem:
        raise TargetUnavailable(f"the spec at {location} {problem}")
    return document, hashlib.sha256(raw).hexdigest()


def _fetch_spec(location: str, timeout_s: float) -> bytes:
    try:
        with httpx.stream("GET", location, timeout=timeout_s, follow_redirects=True) as response:
            if response.status_code != 200:
                raise TargetUnavailable(
                    f"{location} answered {response.status_code}, not the OpenAPI spec. Check target.spec."
                )
            raw = bytearray()
            for chunk in response.iter_bytes():
                raw += chunk
                if len(raw) > MAX_SPEC_BYTES:
                    raise TargetUnavailable(_too_large(location))
            return bytes(raw)
    except httpx.HTTPError as exc:
        raise TargetUnavailable(
            f"cannot reach {location}: {exc.__class__.__name__}: {exc}. "
            "Check target.base_url (or --target-url) and that the deployment is up."
        ) from None


def _read_spec(location: str) -> bytes:
    try:
        if Path(location).stat().st_size > MAX_SPEC_BYTES:
            raise TargetUnavailable(_too_large(location))
        return Path(location).read_bytes()
    except OSError as exc:
        raise TargetUnavailable(f"cannot read the spec file {location}: {exc.strerror}") from None


def _too_large(location: str) -> str:
    return (
        f"the spec at {location} is larger than {MAX_SPEC_BYTES // 1_000_000} MB: "
        "check target.spec names the OpenAPI document"
    )


def spec_shape_problem(document: Any) -> str | None:
    """Why a parsed spec cannot be walked safely, or None: YAML aliases can make it recursive
    (``&a [*a]``) or explode it when expanded (nested aliases), which later passes would hit."""
    nodes = 0
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if depth > MAX_SPEC_DEPTH:
            return (
                f"nests deeper than {MAX_SPEC_DEPTH} levels: a recursive YAML alias (`&a [*a]`)? "
                "Use $ref for recursive schemas"
            )
        if nodes > MAX_SPEC_NODES:
            return (
                f"expands to more than {MAX_SPEC_NODES:,} values: YAML aliases nested into each other? "
                "Serve the spec without aliases (as JSON)"
            )
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
    return None


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def spec_structure_problem(document: dict[str, Any]) -> str | None:
    """Where the spec lacks the shape every suite walks (paths, operations, responses as objects).

    Lesser errors (a bad example, a wrong format) are the preflight's `spec_valid` finding instead.
    """
    paths = document.get("paths", {})
    if not isinstance(paths, dict):
        return f"has `paths` of type {type(paths).__name__}, expected an object of path items"
    for path, item in paths.items():
        where = f"/paths/{escape(str(path))}"
        if not isinstance(item, dict):
            return f"has `{where}` of type {type(item).__name__}, expected a path item object"
        for method in _METHODS:
            operation = item.get(method)
            if method in item and not isinstance(operation, dict):
                return (
                    f"has `{where}/{method}` of type {type(operation).__name__}, expected an operation object"
                )
            responses = operation.get("responses", {}) if isinstance(operation, dict) else {}
            if not isinstance(responses, dict):
                return (
                    f"has `{where}/{method}/responses` of type {type(responses).__name__}, "
                    "expected an object of status codes"
                )
    return None
