"""Fixtures for the reference API's own tests: real uvicorn servers on free loopback ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

import httpx
import pytest

from reference_api.seed import read_demo_env
from reference_api.server import BackgroundServer
from reference_api.settings import Settings

# High enough that ordinary tests never meet the limiter; rate-limit tests start their own server.
UNLIMITED = (100_000, 60)


@pytest.fixture(scope="session")
def demo_env() -> dict[str, str]:
    return read_demo_env()


@pytest.fixture(scope="module")
def api_server() -> Iterator[BackgroundServer]:
    """The clean build, one server per test module."""
    with BackgroundServer(Settings(rate_limit=UNLIMITED)) as server:
        yield server


@pytest.fixture()
def start_api() -> Iterator[Callable[..., AbstractContextManager[BackgroundServer]]]:
    """Factory: ``with start_api(defects={"x"}, ids="uuid") as server: ...``."""

    def start(**overrides: Any) -> AbstractContextManager[BackgroundServer]:
        if "defects" in overrides:
            overrides["defects"] = frozenset(overrides["defects"])
        overrides.setdefault("rate_limit", UNLIMITED)
        return BackgroundServer(replace(Settings(), **overrides))

    yield start


ClientFactory = Callable[..., httpx.Client]


def _client_for(server: BackgroundServer, token: str | None = None, **headers: str) -> httpx.Client:
    if token is not None:
        if server.ctx.settings.auth == "bearer":
            headers["Authorization"] = f"Bearer {token}"
        else:
            headers["X-API-Key"] = token
    return httpx.Client(base_url=server.url, headers=headers, timeout=10)


@pytest.fixture(scope="session")
def client_for() -> ClientFactory:
    """Factory: ``client_for(server, token, **headers)``, authenticating in the server's auth dialect."""
    return _client_for
