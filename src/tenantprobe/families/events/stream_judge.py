"""Judging what each subscriber of a stream scenario received: isolation, delivery, payload schemas."""

from __future__ import annotations

import json
from dataclasses import replace

from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.text import shorten
from tenantprobe.families.events import (
    EVENT_PAYLOAD_MATCHES_SCHEMA,
    FAMILY,
    STREAM_DELIVERS_OWN_EVENTS,
    STREAM_ISOLATED,
)
from tenantprobe.families.events.channel_auth import combine_by_subject
from tenantprobe.families.events.connection import Frame, events_on
from tenantprobe.families.events.leaks import foreign_marks
from tenantprobe.families.events.payloads import payload_problems, schema_problems
from tenantprobe.families.events.stream import StreamScenario, Subscriber, TriggerRun
from tenantprobe.families.scoping import FAMILY as SCOPING
from tenantprobe.families.scoping import TENANT_ISOLATION
from tenantprobe.tenancy.leaks import find_leaks

_MAX_LEAKS = 3  # leaks reported per frame: the first few tell the story
_NO_ID_FIELD = "\x00"  # an id-field pattern no JSON key matches
_PREVIEW_CHARS = 300


def judge_streams(scenario: StreamScenario) -> list[ProbeFailure]:
    """What the scenario found while it ran, then every failure of every subscriber that got its
    subscription, one per check and principal."""
    failures: list[ProbeFailure] = list(scenario.failures)
    for subscriber in scenario.subscribers:
        if not subscriber.live:
            continue
        failures += judge_frames(scenario, subscriber)
        failures += judge_delivery(scenario, subscriber)
    return combine_by_subject(failures)


def judge_delivery(scenario: StreamScenario, subscriber: Subscriber) -> list[ProbeFailure]:
    """Its own tenant's trigger events reached the subscriber."""
    missing = sorted(scenario.missing(subscriber))
    if not missing:
        return []
    tenant = subscriber.principal.tenant
    names = ", ".join(f"`{event}`" for event in missing)
    message = (
        f"Expected {names} on `{subscriber.channel}` within {scenario.settings.wait_s} s after "
        f"`{tenant}`'s triggers, got none, as `{subscriber.principal.id}`"
    )
    return [
        _delivery_failure(scenario, subscriber, STREAM_DELIVERS_OWN_EVENTS, message, scenario.run_of(tenant))
    ]


def judge_frames(
    scenario: StreamScenario, subscriber: Subscriber, check: str = STREAM_ISOLATED
) -> list[ProbeFailure]:
    """No frame carries another tenant's marks (``check`` fails); the shared leak detector agrees;
    payloads fit the spec."""
    failures: dict[str, ProbeFailure] = {}
    knowledge = scenario.state.knowledge
    tenant, who = subscriber.principal.tenant, subscriber.principal.id
    tenancy = scenario.state.config.tenancy
    # Only the strong signals (canaries, tenant ids): other suites may write in this tenant while
    # we listen, and a bare integer id of theirs can equal an id another tenant owns.
    strong = replace(tenancy, id_fields=(_NO_ID_FIELD,))
    for frame in events_on(subscriber.feed.frames):
        payload = {"event": frame.event, "channel": frame.channel, "data": frame.data}
        marks = foreign_marks(knowledge, tenant, payload, tenancy.tenant_field)
        if frame.channel != subscriber.channel:
            marks.setdefault("", f"the channel `{frame.channel}`, which it never subscribed to")
        for other, mark in marks.items():
            message = (
                f"Expected only `{tenant}`'s events on `{subscriber.channel}`, got `{frame.event}` "
                f"carrying {mark} as `{who}`: {_frame_text(frame)}"
            )
            failure = _delivery_failure(scenario, subscriber, check, message, scenario.run_of(other))
            failures.setdefault(f"isolated|{other}", failure)
        cause = scenario.run_of(next(iter(marks), ""))
        for leak in find_leaks(knowledge, tenant, frame.data, tenancy=strong)[:_MAX_LEAKS]:
            failures.setdefault(f"leak|{leak}", ProbeFailure(
                family=SCOPING.name,
                check=TENANT_ISOLATION,
                message=f"{leak} in broadcast `{frame.event}` on `{subscriber.channel}` seen as `{who}`",
                operation=scenario.operation,
                principal=who,
                exchange=cause.exchange if cause else None,
            ))  # fmt: skip
        if not marks:
            failures.update(judge_payload(scenario, subscriber, frame))
    return list(failures.values())


def judge_payload(scenario: StreamScenario, subscriber: Subscriber, frame: Frame) -> dict[str, ProbeFailure]:
    """The event matches the item schema the spec names for the stream, else the schema of the
    same-named webhook, when the spec declares either."""
    spec = scenario.state.spec
    problems: list[str] | None
    if scenario.item_schema is not None:
        item = {"id": frame.id, "event": frame.event, "data": frame.data}
        problems = schema_problems(
            spec, scenario.item_schema, {k: v for k, v in item.items() if v is not None}
        )
        declared = f"the item schema the spec names for `{scenario.operation}`"
    else:
        field = scenario.settings.webhook_payload_field
        problems = payload_problems(spec, frame.event, field, frame.data)
        declared = "the payload schema the spec's webhooks section declares for it"
    if not problems:
        return {}
    message = (
        f"Event `{frame.event}` on `{subscriber.channel}` does not match {declared}: {'; '.join(problems)}"
    )
    failure = _delivery_failure(scenario, subscriber, EVENT_PAYLOAD_MATCHES_SCHEMA, message, None)
    return {f"payload|{frame.event}": failure}


def _delivery_failure(
    scenario: StreamScenario, subscriber: Subscriber, check: str, message: str, run: TriggerRun | None
) -> ProbeFailure:
    return ProbeFailure(
        family=FAMILY.name,
        check=check,
        message=message,
        operation=scenario.operation,
        principal=subscriber.principal.id,
        exchange=run.exchange if run else None,
    )


def _frame_text(frame: Frame) -> str:
    text = frame.data if isinstance(frame.data, str) else json.dumps(frame.data, default=str)
    return shorten(text, _PREVIEW_CHARS)
