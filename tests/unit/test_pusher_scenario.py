"""The events checks end to end in one process: the library against a real reference API on loopback.

Faster than a whole `tenantprobe run`, and it shows that the checks no reference defect provokes
(signature, presence member, delivery, payload schema) do fail when what they check is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from reference_api.server import BackgroundServer
from reference_api.settings import Settings
from tenantprobe import (
    Config,
    Principal,
    RunState,
    TargetClient,
    discover_identities,
    events_settings,
    fresh_socket_id,
    load_config,
)
from tenantprobe.families.events.channel_auth import judge_own_channel, request_channel_auth
from tenantprobe.families.events.forged import forged_subscription_failures
from tenantprobe.families.events.settings import EventsSettings
from tenantprobe.families.events.stream import StreamScenario
from tenantprobe.families.events.stream_judge import judge_streams

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
UNLIMITED = (100_000, 60)


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "tenants.yaml", target_url="http://127.0.0.1:9")


@pytest.fixture(scope="module")
def settings(config: Config) -> EventsSettings:
    found = events_settings(config)
    assert found is not None, "the repo's tenants.yaml has an events block"
    return replace(found, wait_s=1.5)


@contextmanager
def target(config: Config, *defects: str) -> Iterator[tuple[RunState, Callable[[Principal], TargetClient]]]:
    server_settings = Settings(defects=frozenset(defects), rate_limit=UNLIMITED)
    with BackgroundServer(server_settings) as server:
        spec = httpx.get(f"{server.url}/api/v1/openapi.json", timeout=10).json()
        state = RunState(config=config, base_url=server.url, spec=spec, spec_sha256="")
        discover_identities(state)
        clients: dict[str, TargetClient] = {}

        def client_for(principal: Principal) -> TargetClient:
            if principal.id not in clients:
                clients[principal.id] = TargetClient(config, server.url, principal)
            return clients[principal.id]

        try:
            yield state, client_for
        finally:
            for client in clients.values():
                client.close()


def run_streams(
    state: RunState, settings: EventsSettings, client_for: Callable[[Principal], TargetClient]
) -> list[str]:
    scenario = StreamScenario(state, settings, client_for)
    try:
        scenario.subscribe_all(state.config.principals())
        scenario.cause_events()
        scenario.collect()
    finally:
        assert scenario.cleanup() == []
        scenario.close()
    return sorted({f"{failure.family}/{failure.check}" for failure in judge_streams(scenario)})


def test_streams_of_the_clean_build_have_no_failures(config: Config, settings: EventsSettings) -> None:
    with target(config) as (state, client_for):
        assert run_streams(state, settings, client_for) == []


def test_events_broadcast_to_every_team_break_isolation(config: Config, settings: EventsSettings) -> None:
    with target(config, "broadcast_cross_team_leak") as (state, client_for):
        assert run_streams(state, settings, client_for) == [
            "events/stream_isolated",
            "scoping/tenant_isolation",
        ]


def test_an_event_that_never_comes_and_a_payload_off_its_schema_are_reported(
    config: Config, settings: EventsSettings
) -> None:
    trigger = replace(settings.triggers[0], events=("customer.created", "customer.renamed"))
    # The whole webhook envelope as the schema: the bare broadcast data lacks its required fields.
    wrong = replace(settings, triggers=(trigger,), webhook_payload_field=None)
    with target(config) as (state, client_for):
        assert run_streams(state, wrong, client_for) == [
            "events/event_payload_matches_schema",
            "events/stream_delivers_own_events",
        ]


def test_signatures_and_presence_members_are_checked(config: Config, settings: EventsSettings) -> None:
    principal = config.principal("acme/viewer")
    with target(config) as (state, client_for):
        identity = state.identities[principal.id]
        channel = settings.channel(settings.presence_form, "acme", state.knowledge.tenant_ids["acme"])
        reply = request_channel_auth(client_for(principal), settings, fresh_socket_id(), channel, "json")
        assert judge_own_channel(settings, reply, identity.user_id) == []
        wrong_secret = replace(settings, app_secret="not-the-secret")
        assert [f.check for f in judge_own_channel(wrong_secret, reply, identity.user_id)] == [
            "channel_auth_signature_valid"
        ]
        assert [f.check for f in judge_own_channel(settings, reply, "someone-else")] == [
            "presence_member_is_caller"
        ]


@pytest.mark.parametrize(("defects", "accepted"), [((), 0), (("broadcast_subscribe_unverified",), 1)])
def test_forged_subscriptions(
    config: Config, settings: EventsSettings, defects: tuple[str, ...], accepted: int
) -> None:
    attacker, victim = config.principal("acme/viewer"), config.principal("globex/viewer")
    with target(config, *defects) as (state, client_for):
        channel = settings.channel(settings.private_channel, "globex", state.knowledge.tenant_ids["globex"])
        url = settings.socket_url(state.base_url)
        failures = forged_subscription_failures(settings, url, attacker, victim, channel, client_for(victim))
    assert [f.check for f in failures] == ["forged_subscription_refused"] * accepted
    if accepted:
        assert "without the app secret" in failures[0].message and "issued for socket" in failures[0].message
