"""Several workers at once: writes and reads interleave without errors or lost rows."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

pytestmark = pytest.mark.slow

WORKERS, PER_WORKER = 6, 15


def test_concurrent_creates_and_reads_lose_nothing(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    with start_api() as server:

        def work(worker: int) -> list[int]:
            statuses = []
            with client_for(server, demo_env["INITECH_MANAGER_TOKEN"]) as client:
                for n in range(PER_WORKER):
                    body = {"name": f"Worker {worker} #{n}", "email": f"w{worker}-{n}@concurrency.example"}
                    statuses.append(client.post("/api/v1/customers", json=body).status_code)
                    statuses.append(client.get("/api/v1/invoices").status_code)
            return statuses

        with ThreadPoolExecutor(WORKERS) as pool:
            statuses = [status for result in pool.map(work, range(WORKERS)) for status in result]
        with client_for(server, demo_env["INITECH_VIEWER_TOKEN"]) as viewer:
            found = viewer.get("/api/v1/customers", params={"search": "concurrency.example", "per_page": 100})
    assert statuses.count(201) == WORKERS * PER_WORKER and statuses.count(200) == WORKERS * PER_WORKER
    assert found.json()["meta"]["total"] == WORKERS * PER_WORKER
