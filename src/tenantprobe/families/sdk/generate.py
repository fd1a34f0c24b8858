"""Generate a Python client from the spec with openapi-python-client (offline) and import it.

The generator runs as a subprocess into a temporary folder under a unique package name, so each
run imports fresh code. Operations are found by what they send (``_get_kwargs``: method and URL),
never by guessing the generator's naming rules.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx


class GenerationFailed(Exception):
    """The generator refused the spec or crashed; the message carries its output."""


@dataclass
class GeneratedClient:
    package: ModuleType
    folder: Path
    warnings: list[str]

    def client(
        self,
        base_url: str,
        headers: dict[str, str],
        timeout_s: float,
        on_response: Callable[[Any], None],
        transport: httpx.BaseTransport | None = None,
    ) -> Any:
        """A generated ``Client`` sending ``headers`` (credentials, request id) on every request."""
        return self.package.Client(
            base_url=base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout_s),
            raise_on_unexpected_status=True,
            httpx_args={"event_hooks": {"response": [on_response]}, "transport": transport},
        )

    def operation_modules(self) -> tuple[list[ModuleType], dict[str, str]]:
        """Every generated operation module that imports, and why each other one does not."""
        api = importlib.import_module(f"{self.package.__name__}.api")
        modules: list[ModuleType] = []
        broken: dict[str, str] = {}
        for info in pkgutil.walk_packages(api.__path__, prefix=f"{api.__name__}."):
            if info.ispkg:
                continue
            try:
                modules.append(importlib.import_module(info.name))
            except Exception as exc:  # noqa: BLE001 — generated code that does not import is reported
                broken[info.name.rsplit(".", 1)[-1]] = f"{exc.__class__.__name__}: {exc}"
        return modules, broken

    def operation_module(self, method: str, path: str) -> ModuleType | None:
        """The generated module that sends ``method path`` and needs no argument besides the client."""
        for module in self.operation_modules()[0]:
            if not hasattr(module, "_get_kwargs") or not hasattr(module, "sync_detailed"):
                continue
            if _required_arguments(module.sync_detailed) - {"client"}:
                continue
            kwargs = module._get_kwargs()
            if str(kwargs.get("method", "")).upper() == method.upper() and kwargs.get("url") == path:
                return module
        return None

    def unload(self) -> None:
        for name in [
            n for n in sys.modules if n == self.package.__name__ or n.startswith(self.package.__name__ + ".")
        ]:
            del sys.modules[name]
        if str(self.folder) in sys.path:
            sys.path.remove(str(self.folder))


def module_name(operation_id: str) -> str:
    """openapi-python-client's module for an operation: ``authorizeChannel`` → ``authorize_channel``."""
    snake = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|[^A-Za-z0-9]+", "_", operation_id)
    return snake.strip("_").lower()


def _required_arguments(function: Any) -> set[str]:
    return {
        name
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.default is inspect.Parameter.empty
    }


def generate_client(spec: dict[str, Any], folder: Path, timeout_s: float) -> GeneratedClient:
    """Run openapi-python-client on ``spec`` into ``folder`` and import the package it wrote."""
    package_name = f"tp_sdk_{uuid.uuid4().hex[:8]}"
    spec_path = folder / "openapi.json"
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    config_path = folder / "generator.json"
    config = {"package_name_override": package_name, "project_name_override": package_name, "post_hooks": []}
    config_path.write_text(json.dumps(config), encoding="utf-8")
    generator = Path(sys.executable).parent / "openapi-python-client"
    command = [
        str(generator) if generator.exists() else "openapi-python-client",
        "generate", "--path", str(spec_path), "--output-path", str(folder / package_name),
        "--meta", "none", "--config", str(config_path),
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout_s, stdin=subprocess.DEVNULL, cwd=folder
        )
    except FileNotFoundError:
        raise GenerationFailed(
            "openapi-python-client is not installed: pip install openapi-python-client"
        ) from None
    except subprocess.TimeoutExpired:
        raise GenerationFailed(f"openapi-python-client did not finish within {timeout_s:.0f} s") from None
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0 or not (folder / package_name / "__init__.py").exists():
        raise GenerationFailed(f"openapi-python-client exited {done.returncode}:\n{output[-3000:]}")
    sys.path.insert(0, str(folder))
    try:
        package = importlib.import_module(package_name)
    except Exception as exc:  # noqa: BLE001 — generated code that does not import is the finding
        sys.path.remove(str(folder))
        raise GenerationFailed(
            f"the generated package does not import: {exc.__class__.__name__}: {exc}"
        ) from None
    return GeneratedClient(package, folder, generator_warnings(output))


def generator_warnings(output: str) -> list[str]:
    """What the generator could not turn into code (it says so after ``Warning(s) encountered``)."""
    marker = output.find("Warning(s) encountered")
    if marker < 0:
        return []
    return [line.strip() for line in output[marker:].splitlines()[1:] if line.strip()]
