"""Stream isolation: every principal subscribes to its tenant's channel, every tenant causes events,
and each subscriber must see its own tenant's events and nothing of another tenant's.

The scenario is the same for every transport; a subscriber reads a ``Feed`` (a Pusher connection
here, a Server-Sent Events stream in ``sse_feed``), and the judges read only its frames.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.exchange import Exchange
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.placeholders import fill, fill_body, placeholders
from tenantprobe.core.state import RunState
from tenantprobe.families.events import CHANNEL_SUBSCRIPTION_ACCEPTED, FAMILY
from tenantprobe.families.events.channel_auth import (
    AuthReply,
    judge_own_channel,
    request_channel_auth,
)
from tenantprobe.families.events.connection import Frame, PusherConnection, SubscribeOutcome, events_on
from tenantprobe.families.events.settings import EventsSettings, Trigger
from tenantprobe.tenancy.carrier import carrier_values

ClientFactory = Callable[[Principal], TargetClient]
_SETTLE_S = 0.3  # after the expected events: time for stray frames of other tenants to arrive
_MAX_FRAMES = 500  # per subscriber: a flooding server must not hold the run


class ScenarioError(Exception):
    """The scenario could not run as configured (a harness or tenants.yaml problem, not a finding)."""


class Feed(Protocol):
    """What a subscriber reads: every frame so far, more within a wait, and an end."""

    @property
    def frames(self) -> list[Frame]: ...

    def drain(self, timeout_s: float, limit: int) -> list[Frame]: ...

    def close(self) -> None: ...


@dataclass
class Subscriber:
    principal: Principal
    channel: str  # the channel, or the stream's path, the subscriber asked for
    feed: Feed
    live: bool = False  # the subscription was accepted: what it receives is judged


@dataclass
class TriggerRun:
    tenant: str
    trigger: Trigger
    exchange: Exchange | None
    body: Any


@dataclass
class StreamScenario:
    state: RunState
    settings: EventsSettings
    client_for: ClientFactory
    subscribers: list[Subscriber] = field(default_factory=list)
    runs: list[TriggerRun] = field(default_factory=list)
    failures: list[ProbeFailure] = field(default_factory=list)
    stream_operation: str = ""  # `GET /path` when the transport is a stream, not channels
    item_schema: str | None = None  # where the spec describes one item of that stream
    stream_transport: httpx.BaseTransport | None = None  # the streams' transport (tests pass a fake)

    @property
    def operation(self) -> str:
        """What findings name as the operation: the stream, or subscribing to the private channel."""
        return self.stream_operation or f"SUBSCRIBE {self.settings.private_channel}"

    def tenant_id(self, tenant: str) -> str:
        tenant_id = self.state.knowledge.tenant_ids.get(tenant)
        if tenant_id is None:
            raise ScenarioError(
                f"the identity probe gave no tenant id for `{tenant}`; see the preflight suite"
            )
        return tenant_id

    def subscribe_all(self, principals: list[Principal]) -> None:
        """One socket per principal, subscribed to its tenant's private channel with an auth it asked for."""
        url = self.settings.socket_url(self.state.routes.origin)
        body_format = self.settings.auth_formats[0]
        for principal in principals:
            channel = self.settings.channel(
                self.settings.private_channel, principal.tenant, self.tenant_id(principal.tenant)
            )
            connection = PusherConnection.open(url, self.settings.wait_s)
            subscriber = Subscriber(principal, channel, connection)
            self.subscribers.append(subscriber)
            reply = request_channel_auth(
                self.client_for(principal), self.settings, connection.socket_id, channel, body_format
            )
            failures = judge_own_channel(self.settings, reply, None)
            if failures:
                self.failures += failures
                continue
            outcome = connection.subscribe(channel, reply.auth, None, self.settings.wait_s)
            subscriber.live = outcome.succeeded
            if not outcome.succeeded:
                self.failures.append(_refused_own(self.settings, reply, outcome))

    def cause_events(self) -> None:
        for tenant in self.state.config.tenants.values():
            canary = f"tp-{tenant.name}-{secrets.token_hex(4)}"
            self.state.knowledge.add_canary(tenant.name, canary)
            values = {"canary": canary, "tenant": tenant.name, "tenant_id": self.tenant_id(tenant.name)}
            for trigger in self.settings.triggers:
                actor = _acting_principal(tenant.admin, tenant.principals, trigger.acting_role)
                client = self.client_for(actor)
                path = fill(trigger.path, values)
                response = client.request(
                    trigger.method, path, json=fill_body(trigger.body, values), check=False
                )
                if not 200 <= response.status_code < 300:
                    raise ScenarioError(
                        f"events.triggers `{trigger.operation}` as `{actor.id}` got {response.status_code}: "
                        f"{response.text[:200]} — fix the trigger's body or `as` role in tenants.yaml"
                    )
                try:
                    body = response.json() if response.content else None
                except ValueError:
                    body = None
                self.runs.append(TriggerRun(tenant.name, trigger, client.last, body))

    def expected(self, tenant: str) -> set[str]:
        return {event for run in self.runs if run.tenant == tenant for event in run.trigger.events}

    def missing(self, subscriber: Subscriber) -> set[str]:
        seen = {frame.event for frame in events_on(subscriber.feed.frames)}
        return self.expected(subscriber.principal.tenant) - seen

    def collect(self) -> None:
        """Read every socket until each has its tenant's expected events (or wait_s), then settle."""
        live = [s for s in self.subscribers if s.live]
        deadline = time.monotonic() + self.settings.wait_s
        waiting = list(live)
        while waiting and time.monotonic() < deadline:
            for subscriber in waiting:
                subscriber.feed.drain(0.01, _MAX_FRAMES)
            waiting = [s for s in waiting if self.missing(s) and len(s.feed.frames) < _MAX_FRAMES]
        settle = time.monotonic() + _SETTLE_S
        while time.monotonic() < settle:
            for subscriber in live:
                subscriber.feed.drain(0.02, _MAX_FRAMES - len(subscriber.feed.frames))

    def cleanup(self) -> list[str]:
        """Delete what the triggers created, as each tenant's admin; returns what could not be deleted."""
        problems = []
        for run in self.runs:
            if run.trigger.cleanup is None:
                continue
            method, template = run.trigger.cleanup
            names = placeholders(template)
            # The tenant's own carrier value (`{org}`) first: the response need not repeat it; the
            # created object as the trigger's response envelope holds it (`{"data": {...}}` too).
            envelope = self.state.envelope(run.trigger.method, run.trigger.path)
            found = envelope.object_of(run.body)
            body = {**carrier_values(self.state, run.tenant), **(envelope.fields(found) if found else {})}
            absent = [name for name in names if body.get(name) is None]
            if absent:
                problems.append(f"`{run.trigger.operation}`'s response lacks `{absent[0]}` for `{template}`")
                continue
            path = fill(template, {name: str(body[name]) for name in names})
            client = self.client_for(self.state.config.tenants[run.tenant].admin)
            try:
                status = client.request(method, path, check=False).status_code
            except httpx.HTTPError as exc:
                problems.append(f"`{method} {path}` in `{run.tenant}` failed: {exc}")
                continue
            if not 200 <= status < 300:
                problems.append(f"`{method} {path}` in `{run.tenant}` got {status}")
        return problems

    def close(self) -> None:
        for subscriber in self.subscribers:
            subscriber.feed.close()

    def run_of(self, tenant: str) -> TriggerRun | None:
        """The first trigger run of ``tenant``: the request to show for what it broadcast."""
        return next((run for run in self.runs if run.tenant == tenant), None)


def triggers_blocked(state: RunState, settings: EventsSettings) -> str | None:
    """Why the triggers may not run here (production mode, not all allowed there), or None."""
    target = state.config.target
    if target.mode != "production":
        return None
    allowed = set(target.allow_in_production)
    operations = [t.operation for t in settings.triggers]
    operations += [" ".join(t.cleanup) for t in settings.triggers if t.cleanup is not None]
    if all(operation in allowed for operation in operations):
        return None
    return (
        "target.mode is production and the events.triggers (or their cleanups) are not all in "
        "target.allow_in_production"
    )


def _acting_principal(admin: Principal, principals: tuple[Principal, ...], role: str) -> Principal:
    if role == "admin":
        return admin
    for principal in principals:
        if principal.role == role:
            return principal
    roles = ", ".join(sorted({p.role for p in principals} | {"admin"}))
    raise ScenarioError(
        f"events.triggers names `as: {role}`, but `{admin.tenant}` has no such principal; use one of {roles}"
    )


def _refused_own(settings: EventsSettings, reply: AuthReply, outcome: SubscribeOutcome) -> ProbeFailure:
    answer = outcome.frame.raw if outcome.frame else f"no reply within {settings.wait_s} s"
    return ProbeFailure(
        family=FAMILY.name,
        check=CHANNEL_SUBSCRIPTION_ACCEPTED,
        message=(
            f"Expected pusher_internal:subscription_succeeded for its own `{reply.channel}` with the auth "
            f"the endpoint issued, got {answer}, as `{reply.principal}`"
        ),
        operation=f"SUBSCRIBE {settings.private_channel}",
        principal=reply.principal,
        exchange=reply.exchange,
    )
