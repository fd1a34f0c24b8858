"""Stream isolation: every principal subscribes to its tenant's channel, every tenant causes events,
and each subscriber must see its own tenant's events and nothing of another tenant's.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import httpx

from tenantprobe._client import TargetClient
from tenantprobe._config import Principal
from tenantprobe._exchange import Exchange
from tenantprobe._failures import ProbeFailure
from tenantprobe._leaks import find_leaks
from tenantprobe._pusher._channel_auth import (
    FAMILY,
    AuthReply,
    combine_by_subject,
    judge_own_channel,
    request_channel_auth,
)
from tenantprobe._pusher._connection import Frame, PusherConnection, SubscribeOutcome, events_on
from tenantprobe._pusher._leaks import foreign_marks
from tenantprobe._pusher._payloads import payload_problems
from tenantprobe._pusher._settings import EventsSettings, Trigger, fill, fill_body, placeholders
from tenantprobe._state import RunState

ClientFactory = Callable[[Principal], TargetClient]
_SETTLE_S = 0.3  # after the expected events: time for stray frames of other tenants to arrive
_MAX_FRAMES = 500  # per subscriber: a flooding server must not hold the run
_MAX_LEAKS = 3  # leaks reported per frame: the first few tell the story
_NO_ID_FIELD = "\x00"  # an id-field pattern no JSON key matches


class ScenarioError(Exception):
    """The scenario could not run as configured (a harness or tenants.yaml problem, not a finding)."""


@dataclass
class Subscriber:
    principal: Principal
    channel: str
    connection: PusherConnection
    outcome: SubscribeOutcome | None = None


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

    def tenant_id(self, tenant: str) -> str:
        tenant_id = self.state.knowledge.tenant_ids.get(tenant)
        if tenant_id is None:
            raise ScenarioError(
                f"the identity probe gave no tenant id for `{tenant}`; see the preflight suite"
            )
        return tenant_id

    def subscribe_all(self, principals: list[Principal]) -> None:
        """One socket per principal, subscribed to its tenant's private channel with an auth it asked for."""
        url = self.settings.socket_url(self.state.base_url)
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
            subscriber.outcome = connection.subscribe(channel, reply.auth, None, self.settings.wait_s)
            if not subscriber.outcome.succeeded:
                self.failures.append(_refused_own(self.settings, reply, subscriber.outcome))

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
                body = response.json() if response.content else None
                self.runs.append(TriggerRun(tenant.name, trigger, client.last, body))

    def expected(self, tenant: str) -> set[str]:
        return {event for run in self.runs if run.tenant == tenant for event in run.trigger.events}

    def missing(self, subscriber: Subscriber) -> set[str]:
        seen = {frame.event for frame in events_on(subscriber.connection.frames)}
        return self.expected(subscriber.principal.tenant) - seen

    def collect(self) -> None:
        """Read every socket until each has its tenant's expected events (or wait_s), then settle."""
        live = [s for s in self.subscribers if s.outcome is not None and s.outcome.succeeded]
        deadline = time.monotonic() + self.settings.wait_s
        waiting = list(live)
        while waiting and time.monotonic() < deadline:
            for subscriber in waiting:
                subscriber.connection.drain(0.01, _MAX_FRAMES)
            waiting = [s for s in waiting if self.missing(s) and len(s.connection.frames) < _MAX_FRAMES]
        settle = time.monotonic() + _SETTLE_S
        while time.monotonic() < settle:
            for subscriber in live:
                subscriber.connection.drain(0.02, _MAX_FRAMES - len(subscriber.connection.frames))

    def judge(self) -> list[ProbeFailure]:
        failures = list(self.failures)
        for subscriber in self.subscribers:
            if subscriber.outcome is None or not subscriber.outcome.succeeded:
                continue
            failures += self._judge_frames(subscriber)
            failures += self._judge_delivery(subscriber)
        return combine_by_subject(failures)

    def _judge_delivery(self, subscriber: Subscriber) -> list[ProbeFailure]:
        missing = sorted(self.missing(subscriber))
        if not missing:
            return []
        tenant = subscriber.principal.tenant
        names = ", ".join(f"`{event}`" for event in missing)
        message = (
            f"Expected {names} on `{subscriber.channel}` within {self.settings.wait_s} s after "
            f"`{tenant}`'s triggers, got none, as `{subscriber.principal.id}`"
        )
        return [self._failure(subscriber, "stream_delivers_own_events", message, self._run_of(tenant))]

    def _judge_frames(self, subscriber: Subscriber) -> list[ProbeFailure]:
        failures: dict[str, ProbeFailure] = {}
        tenant, who = subscriber.principal.tenant, subscriber.principal.id
        field_name = self.state.config.tenancy.tenant_field
        # Only the strong signals (canaries, tenant ids): other suites may write in this tenant while
        # we listen, and a bare integer id of theirs can equal an id another tenant owns.
        strong = replace(self.state.config.tenancy, id_fields=(_NO_ID_FIELD,))
        for frame in events_on(subscriber.connection.frames):
            payload = {"event": frame.event, "channel": frame.channel, "data": frame.data}
            marks = foreign_marks(self.state.knowledge, tenant, payload, field_name)
            if frame.channel != subscriber.channel:
                marks.setdefault("", f"the channel `{frame.channel}`, which it never subscribed to")
            for other, mark in marks.items():
                message = (
                    f"Expected only `{tenant}`'s events on `{subscriber.channel}`, got `{frame.event}` "
                    f"carrying {mark} as `{who}`: {_preview(frame)}"
                )
                failure = self._failure(subscriber, "stream_isolated", message, self._run_of(other))
                failures.setdefault(f"isolated|{other}", failure)
            cause = self._run_of(next(iter(marks), ""))
            for leak in find_leaks(self.state.knowledge, tenant, frame.data, tenancy=strong)[:_MAX_LEAKS]:
                failures.setdefault(f"leak|{leak}", ProbeFailure(
                    family="scoping",
                    check="tenant_isolation",
                    message=f"{leak} in broadcast `{frame.event}` on `{subscriber.channel}` seen as `{who}`",
                    operation=self._operation(),
                    principal=who,
                    exchange=cause.exchange if cause else None,
                ))  # fmt: skip
            if not marks:
                failures.update(self._judge_payload(subscriber, frame))
        return list(failures.values())

    def _judge_payload(self, subscriber: Subscriber, frame: Frame) -> dict[str, ProbeFailure]:
        problems = payload_problems(
            self.state.spec, frame.event, self.settings.webhook_payload_field, frame.data
        )
        if not problems:
            return {}
        message = (
            f"Broadcast `{frame.event}` on `{subscriber.channel}` does not match the payload schema the "
            f"spec's webhooks section declares for it: {'; '.join(problems)}"
        )
        failure = self._failure(subscriber, "event_payload_matches_schema", message, None)
        return {f"payload|{frame.event}": failure}

    def cleanup(self) -> list[str]:
        """Delete what the triggers created, as each tenant's admin; returns what could not be deleted."""
        problems = []
        for run in self.runs:
            if run.trigger.cleanup is None:
                continue
            method, template = run.trigger.cleanup
            names = placeholders(template)
            body = run.body if isinstance(run.body, dict) else {}
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
            subscriber.connection.close()

    def _operation(self) -> str:
        return f"SUBSCRIBE {self.settings.private_channel}"

    def _run_of(self, tenant: str) -> TriggerRun | None:
        return next((run for run in self.runs if run.tenant == tenant), None)

    def _failure(
        self, subscriber: Subscriber, check: str, message: str, run: TriggerRun | None
    ) -> ProbeFailure:
        return ProbeFailure(
            family=FAMILY,
            check=check,
            message=message,
            operation=self._operation(),
            principal=subscriber.principal.id,
            exchange=run.exchange if run else None,
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
        family=FAMILY,
        check="channel_subscription_accepted",
        message=(
            f"Expected pusher_internal:subscription_succeeded for its own `{reply.channel}` with the auth "
            f"the endpoint issued, got {answer}, as `{reply.principal}`"
        ),
        operation=f"SUBSCRIBE {settings.private_channel}",
        principal=reply.principal,
        exchange=reply.exchange,
    )


def _preview(frame: Frame) -> str:
    text = json.dumps(frame.data, default=str) if not isinstance(frame.data, str) else frame.data
    return text if len(text) <= 300 else text[:300] + "…"
