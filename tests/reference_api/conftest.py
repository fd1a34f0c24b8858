"""Fixtures for the reference API's own tests: real uvicorn servers on free loopback ports."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from reference_api.seed import read_demo_env
from reference_api.server import BackgroundServer
from reference_api.settings import Settings
from reference_api.style import STYLES
from reference_api.tenancy import API_PREFIX, ORG_PREFIX, TEAM_HEADER, is_team_scoped, org_path

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
        if server.ctx.settings.auth == "api-key":
            headers["X-API-Key"] = token
        else:  # bearer, and login (whose tokens are bearer tokens)
            headers["Authorization"] = f"Bearer {token}"
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
    """The path item of a served ``/api/v1/...`` path, whether ``servers`` holds the prefix or not,
    and under ``/api/v1/orgs/{org}`` in the path dialect."""
    prefix = spec["servers"][0]["url"].rstrip("/")
    paths: dict[str, dict[str, Any]] = spec["paths"]
    key = next(p.removeprefix(prefix) for p in (path, org_path(path)) if p.removeprefix(prefix) in paths)
    return paths[key]


@pytest.fixture(scope="session")
def unwrap() -> Callable[[BackgroundServer, httpx.Response], Any]:
    """``unwrap(server, response)``: the object out of the style's envelope."""
    return resource_of


@pytest.fixture(scope="session")
def spec_path() -> Callable[[dict[str, Any], str], dict[str, Any]]:
    """``spec_path(spec, "/api/v1/customers")``: that path's item, relative ``servers`` or not, in
    either tenancy dialect."""
    return _spec_path


def _schema_validator(spec: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator({**schema, "components": spec["components"]})


@pytest.fixture(scope="session")
def schema_validator() -> Callable[[dict[str, Any], dict[str, Any]], Draft202012Validator]:
    """``schema_validator(spec, schema)``: a validator resolving the spec's ``#/components`` $refs."""
    return _schema_validator


@dataclass
class StreamRead:
    """What one bounded read of an event stream saw."""

    status: int
    content_type: str
    events: list[dict[str, str]] = field(default_factory=list)  # id, event, data per event
    comments: list[str] = field(default_factory=list)
    retry: str | None = None
    seconds: float = 0.0
    body: str = ""  # the error body when status is not 200

    def names(self) -> list[str]:
        """The ``name`` in each event's data (the customers the tests create)."""
        return [json.loads(event["data"])["name"] for event in self.events]


def _parse_stream(lines: Iterator[str], started: float, max_seconds: float, read: StreamRead) -> None:
    """Lines of ``text/event-stream`` into events, until the server ends the stream (or time is up)."""
    pending: dict[str, str] = {}
    for line in lines:
        if time.monotonic() - started > max_seconds:
            raise AssertionError(f"the stream was still open after {max_seconds} s")
        if not line:
            if "data" in pending:
                read.events.append(pending)
            pending = {}
        elif line.startswith(":"):
            read.comments.append(line[1:].strip())
        else:
            name, _, value = line.partition(":")
            if name == "retry":
                read.retry = value.strip()
            else:
                pending[name] = value.removeprefix(" ")


def _read_stream(
    client: httpx.Client,
    path: str = "/api/v1/events",
    *,
    headers: dict[str, str] | None = None,
    while_open: Callable[[], None] | None = None,
    max_seconds: float = 8.0,
) -> StreamRead:
    """Open the stream, run ``while_open`` once the server has subscribed it (the first line came),
    then read until the server closes it (its lifetime bounds the read; ``max_seconds`` guards it)."""
    started = time.monotonic()
    with client.stream("GET", path, headers=headers) as response:
        read = StreamRead(response.status_code, response.headers.get("content-type", ""))
        if response.status_code != 200:
            read.body = response.read().decode()
            return read
        lines = response.iter_lines()
        first = next(lines)
        _parse_stream(iter([first, ""]), started, max_seconds, read)
        if while_open is not None:
            while_open()
        _parse_stream(lines, started, max_seconds, read)
    read.seconds = time.monotonic() - started
    return read


@pytest.fixture(scope="session")
def read_stream() -> Callable[..., StreamRead]:
    """``read_stream(client, path="/api/v1/events", headers=..., while_open=...)`` -> StreamRead."""
    return _read_stream


@dataclass
class StreamParty:
    """acme's viewer listening, acme's and globex's admins writing: who the stream tests need."""

    listener: httpx.Client
    admins: dict[str, httpx.Client]

    def create(self, team: str, name: str) -> dict[str, Any]:
        """A customer created by ``team``'s admin: one ``customer.created`` event of that team."""
        response = self.admins[team].post(
            "/api/v1/customers", json={"name": name, "email": f"{name}@example.test"}
        )
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created


@pytest.fixture()
def stream_party(client_for: ClientFactory, demo_env: dict[str, str]) -> Callable[..., Any]:
    """Factory: ``with stream_party(server) as party: party.create("globex", "x"); party.listener``."""

    @contextmanager
    def party(server: BackgroundServer) -> Iterator[StreamParty]:
        with (
            client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as listener,
            client_for(server, demo_env["ACME_ADMIN_TOKEN"]) as acme,
            client_for(server, demo_env["GLOBEX_ADMIN_TOKEN"]) as globex,
        ):
            yield StreamParty(listener, {"acme": acme, "globex": globex})

    return party
