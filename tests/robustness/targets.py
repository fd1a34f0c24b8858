"""tenants.yaml for a faulty local target, and `tenantprobe run` against it as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
TOKENS = {
    f"{tenant.upper()}_{who.upper()}": f"{tenant}-{who}-t0ken"
    for tenant in ("red", "blue")
    for who in ("admin", "user")
}


def write_config(folder: Path, base_url: str, **target: Any) -> Path:
    """Two tenants with one principal each, against ``base_url``; ``target`` keys override."""
    env_file = folder / "faulty.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in TOKENS.items()), encoding="utf-8")
    data = {
        "version": 1,
        "target": {"base_url": base_url, "spec": "/openapi.json", "env_file": str(env_file), **target},
        "auth": {"carrier": "bearer"},
        "identity": {"path": "/me", "tenant_id": "/id"},
        "tenants": {
            name: {
                "admin": {"token": f"${{{name.upper()}_ADMIN}}"},
                "principals": {"user": {"role": "member", "token": f"${{{name.upper()}_USER}}"}},
            }
            for name in ("red", "blue")
        },
    }
    path = folder / "tenants.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@dataclass
class Run:
    exit_code: int
    output: str
    seconds: float
    summary: dict[str, Any] | None


def run_tenantprobe(config: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None) -> Run:
    """``tenantprobe run --config config`` from the checkout, timed; the summary when one was written.

    ``env`` adds variables (the environment wins over the env file, as for a user).
    """
    reports = config.parent / "reports"
    command = [sys.executable, "-m", "tenantprobe", "run", "--config", str(config), "--reports", str(reports)]
    env = {key: value for key, value in os.environ.items() if key != "TP_TARGET_URL"} | (env or {})
    started = time.monotonic()
    completed = subprocess.run(
        [*command, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    seconds = time.monotonic() - started
    summary_path = reports / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else None
    return Run(completed.returncode, completed.stdout + completed.stderr, seconds, summary)
