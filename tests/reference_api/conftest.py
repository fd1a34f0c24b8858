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
from reference_api.tenancy import API_PREFIX, ORG_PREFIX, TEAM_HEADER, is_team_scoped

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
def tenancy() -> str:
    """The tenancy dialect ``start_api`` uses; parametrize ``tenancy`` to run a test in both."""
    return "header"


@pytest.fixture()
def start_api(tenancy: str) -> Iterator[Callable[..., AbstractContextManager[BackgroundServer]]]:
    """Factory: ``with start_api(defects={"x"}, ids="uuid") as server: ...``."""

    def start(**overrides: Any) -> AbstractContextManager[BackgroundServer]:
        if "defects" in overrides:
            overrides["defects"] = frozenset(overrides["defects"])
        overrides.setdefault("rate_limit", UNLIMITED)
        overrides.setdefault("tenancy", tenancy)
        return BackgroundServer(replace(Settings(), **overrides))

    yield start


ClientFactory = Callable[..., httpx.Client]


def _home_org(server: BackgroundServer, token: str) -> str | None:
    record = server.ctx.tokens.resolve(token)
    team_ids: dict[str, Any] = server.ctx.team_ids
    return next((slug for slug, team_id in team_ids.items() if record and team_id == record.team_id), None)


def _in_org(org: str) -> Callable[[httpx.Request], None]:
    """A request hook: a team-scoped ``/api/v1/<route>`` goes to ``/api/v1/orgs/<org>/<route>``."""

    def rewrite(request: httpx.Request) -> None:
        path = request.url.path
        if is_team_scoped(path):
            request.url = request.url.copy_with(path=f"{ORG_PREFIX}{org}{path.removeprefix(API_PREFIX)}")

    return rewrite


def _client_for(
    server: BackgroundServer, token: str | None = None, org: str | None = None, **headers: str
) -> httpx.Client:
    hooks: dict[str, list[Callable[[httpx.Request], None]]] = {}
    if token is not None:
        if server.ctx.settings.auth == "bearer":
            headers["Authorization"] = f"Bearer {token}"
        else:
            headers["X-API-Key"] = token
        if server.ctx.settings.tenancy == "path":
            org = org or _home_org(server, token)
    if org is not None:
        hooks["request"] = [_in_org(org)]
    return httpx.Client(base_url=server.url, headers=headers, timeout=10, event_hooks=hooks)


@pytest.fixture(scope="session")
def client_for() -> ClientFactory:
    """Factory: ``client_for(server, token, org=None, **headers)``, authenticating in the server's auth
    dialect. On a path-dialect server, team-scoped paths written as ``/api/v1/<route>`` are sent to
    ``/api/v1/orgs/<org>/<route>``, ``org`` defaulting to the token's own team's slug, so one test body
    serves both tenancy dialects."""
    return _client_for


@pytest.fixture(scope="session")
def client_in_team() -> ClientFactory:
    """Factory: ``client_in_team(server, token, slug)``, a client acting in team ``slug``: the
    ``X-Team-Id`` selector in the header dialect, the ``{org}`` path segment in the path dialect."""

    def in_team(server: BackgroundServer, token: str, slug: str) -> httpx.Client:
        if server.ctx.settings.tenancy == "path":
            return _client_for(server, token, org=slug)
        team_ids: dict[str, Any] = server.ctx.team_ids
        return _client_for(server, token, **{TEAM_HEADER: str(team_ids.get(slug, slug))})

    return in_team
