"""A reference API that outlives the run, and an inventory of it taken as each tenant's admin.

Comparing the inventory before and after a run shows what the run left behind: objects it
created and did not remove, objects it deleted or changed that were not its own.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
DEMO_ENV = ROOT / "src" / "reference_api" / "demo.env"
ADMINS = {"acme": "ACME_ADMIN_TOKEN", "globex": "GLOBEX_ADMIN_TOKEN"}
COLLECTIONS = ("customers", "invoices", "webhooks")


def demo_tokens() -> dict[str, str]:
    tokens = {}
    for line in DEMO_ENV.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and not line.startswith("#"):
            tokens[name.strip()] = value.strip().strip("'\"")
    return tokens


@contextmanager
def reference_api(folder: Path, *args: str) -> Iterator[str]:
    """``python -m reference_api serve`` on a free loopback port; yields its URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (folder / "reference_api.log").open("w", encoding="utf-8")
    command = [
        sys.executable, "-m", "reference_api", "serve", "--host", "127.0.0.1", "--port", str(port),
        "--db", str(folder / "target.db"), *args,
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, (folder / "reference_api.log").read_text()
            try:
                if httpx.get(f"{url}/up", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


OBJECT_TABLES = ("teams", "memberships", "customers", "invoices", "webhooks")


def table_counts(db: Path, tables: tuple[str, ...] = OBJECT_TABLES) -> dict[str, int]:
    """The reference API's own count of objects, per table of its database."""
    with sqlite3.connect(db) as connection:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}


@dataclass(frozen=True)
class Inventory:
    """Per tenant and collection: id -> the object as its admin reads it."""

    objects: dict[str, dict[str, dict[str, Any]]]

    def ids(self, tenant: str, collection: str) -> set[str]:
        return set(self.objects[f"{tenant}:{collection}"])

    def marked(self, marker: str) -> list[str]:
        """Objects whose fields carry ``marker`` (a canary prefix), as ``tenant:collection:id``."""
        return [
            f"{key}:{object_id}"
            for key, items in self.objects.items()
            for object_id, item in items.items()
            if marker in repr(item)
        ]


def take_inventory(url: str) -> Inventory:
    tokens = demo_tokens()
    objects: dict[str, dict[str, dict[str, Any]]] = {}
    with httpx.Client(base_url=f"{url}/api/v1", timeout=10) as client:
        for tenant, variable in ADMINS.items():
            headers = {"Authorization": f"Bearer {tokens[variable]}"}
            for collection in COLLECTIONS:
                objects[f"{tenant}:{collection}"] = _all_of(client, f"/{collection}", headers)
    return Inventory(objects)


def _all_of(client: httpx.Client, path: str, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for page in range(1, 200):
        response = client.get(path, params={"page": page, "per_page": 100}, headers=headers)
        response.raise_for_status()
        body = response.json()
        items = body.get("data", body) if isinstance(body, dict) else body
        for item in items:
            found[str(item["id"])] = item
        if len(items) < 100:
            return found
    raise AssertionError(f"{path}: more than 200 pages")
