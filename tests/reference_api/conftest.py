"""Fixtures for the reference API's own tests: real uvicorn servers on free loopback ports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from reference_api.seed import read_demo_env
from reference_api.server import BackgroundServer
from reference_api.settings import Settings
from reference_api.style import STYLES

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


@pytest.fixture(params=["default", "laravel"])
def start_styled_api(
    request: pytest.FixtureRequest, start_api: Callable[..., AbstractContextManager[BackgroundServer]]
) -> Callable[..., AbstractContextManager[BackgroundServer]]:
    """``start_api`` once per style (the defect tests show each defect in every dialect)."""

    def start(**overrides: Any) -> AbstractContextManager[BackgroundServer]:
        return start_api(style=STYLES[request.param], **overrides)

    return start


def resource_of(server: BackgroundServer, response: httpx.Response) -> Any:
    """The object a response carries, out of its envelope in the server's style (strict: the
    envelope must be there)."""
    body = response.json()
    return body["data"] if server.ctx.settings.style.envelope == "data" else body


def _spec_path(spec: dict[str, Any], path: str) -> dict[str, Any]:
    """The path item of a served ``/api/v1/...`` path, whether ``servers`` holds the prefix or not."""
    prefix = spec["servers"][0]["url"].rstrip("/")
    item: dict[str, Any] = spec["paths"][path.removeprefix(prefix)]
    return item


@pytest.fixture(scope="session")
def unwrap() -> Callable[[BackgroundServer, httpx.Response], Any]:
    """``unwrap(server, response)``: the object out of the style's envelope."""
    return resource_of


@pytest.fixture(scope="session")
def spec_path() -> Callable[[dict[str, Any], str], dict[str, Any]]:
    """``spec_path(spec, "/api/v1/customers")``: that path's item, relative ``servers`` or not."""
    return _spec_path


def _schema_validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": spec["components"]})


@pytest.fixture(scope="session")
def schema_validator() -> Callable[[dict[str, Any], dict[str, Any]], Draft202012Validator]:
    """``schema_validator(spec, schema)``: a validator resolving the spec's ``#/components`` $refs."""
    return _schema_validator
