"""Server-Sent Events refusals and replay: another tenant's stream is refused like one that does not
exist, a stream without credentials is refused, and a replay from the start (``Last-Event-ID``)
carries only the tenant's own backlog.

Each probe returns its failures as data; when its precondition was not shown (the caller's own
stream did not open, the target did not answer) it raises ``StreamUnproven`` with the reason.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from tenantprobe.core.config import Principal
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.state import RunState
from tenantprobe.families.events import (
    FAMILY,
    STREAM_BACKLOG_ISOLATED,
    STREAM_FOREIGN_REFUSED,
    STREAM_REQUIRES_CREDENTIALS,
)
from tenantprobe.families.events.channel_auth import combine_by_subject
from tenantprobe.families.events.settings import EventsSettings
from tenantprobe.families.events.sse_feed import (
    StreamAddress,
    address,
    made_up_values,
    own_address,
    stream_answer,
    stream_budget,
    stream_client,
    stream_operation,
    subscribe_sse,
    tenant_values,
)
from tenantprobe.families.events.sse_stream import LAST_EVENT_ID, SseStream
from tenantprobe.families.events.stream import StreamScenario
from tenantprobe.families.events.stream_judge import judge_frames


class StreamUnproven(Exception):
    """The probe's precondition was not shown: nothing can be said either way (the reason is the message)."""


def open_briefly(
    state: RunState,
    settings: EventsSettings,
    principal: Principal,
    where: StreamAddress,
    anonymous: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> SseStream:
    """Open a stream, wait for its first answer (at most ``wait_s``), and close it again."""
    client = stream_client(state, principal, transport)
    stream = SseStream(
        client, where.path, stream_budget(state, settings, settings.wait_s),
        headers=where.headers, anonymous=anonymous,
    ).start()  # fmt: skip
    stream.wait_answered(settings.wait_s)
    stream.stop()
    stream.client.close()
    return stream


def _stream_failure(
    check: str, message: str, operation: str, principal: str, stream: SseStream
) -> ProbeFailure:
    return ProbeFailure(
        family=FAMILY.name,
        check=check,
        message=message,
        operation=operation,
        principal=principal,
        exchange=stream.exchange,
    )


def foreign_stream_failures(
    state: RunState,
    settings: EventsSettings,
    attacker: Principal,
    victim: str,
    transport: httpx.BaseTransport | None = None,
) -> list[ProbeFailure]:
    """``victim``'s stream, asked for by ``attacker``, is refused exactly as a made-up tenant's is."""
    operation = stream_operation(state, settings)
    own = open_briefly(
        state, settings, attacker, own_address(state, operation, attacker), transport=transport
    )
    if not own.opened:
        raise StreamUnproven(f"`{attacker.id}`'s own stream did not open ({stream_answer(own)})")
    where = address(state, operation, tenant_values(state, victim))
    nowhere = address(state, operation, made_up_values(state, victim))
    if where is None or nowhere is None:
        raise StreamUnproven(
            f"`{operation.key}` has no tenant placeholder and tenancy.selector is not set: "
            "another tenant's stream cannot be named"
        )
    foreign = open_briefly(state, settings, attacker, where, transport=transport)
    made_up = open_briefly(state, settings, attacker, nowhere, transport=transport)
    if foreign.status is None or made_up.status is None:
        raise StreamUnproven(
            f"no answer for `{victim}`'s stream or a made-up one ({foreign.error or made_up.error})"
        )
    asked = f"for `{operation.key}` as `{attacker.id}` with {where.how} naming `{victim}`"
    if foreign.opened or 200 <= foreign.status < 300:
        message = (
            f"Expected a refusal like a tenant that does not exist gets ({stream_answer(made_up)}), "
            f"got {stream_answer(foreign)} {asked}"
        )
        return [_stream_failure(STREAM_FOREIGN_REFUSED, message, operation.key, attacker.id, foreign)]
    if foreign.status != made_up.status or _shape(foreign) != _shape(made_up):
        message = (
            f"Expected the same refusal as a tenant that does not exist gets ({stream_answer(made_up)}), "
            f"got {stream_answer(foreign)} {asked}: the answer tells that `{victim}` exists"
        )
        return [_stream_failure(STREAM_FOREIGN_REFUSED, message, operation.key, attacker.id, foreign)]
    return []


def _shape(stream: SseStream) -> Any:
    """What a refusal looks like apart from its values: the keys of a JSON body, else its media type."""
    body = stream.exchange.response_body if stream.exchange else b""
    try:
        parsed = json.loads(body)
    except ValueError:
        return stream.content_type
    return sorted(parsed) if isinstance(parsed, dict) else type(parsed).__name__


def anonymous_stream_failures(
    state: RunState, settings: EventsSettings, tenant: str, transport: httpx.BaseTransport | None = None
) -> list[ProbeFailure]:
    """A stream opened without credentials is refused with a 4xx and carries nothing."""
    operation = stream_operation(state, settings)
    principals = state.config.tenants[tenant].principals
    where = own_address(state, operation, principals[0])
    stream = open_briefly(state, settings, principals[0], where, anonymous=True, transport=transport)
    if stream.status is None:
        raise StreamUnproven(f"no answer for `{operation.key}` without credentials ({stream.error})")
    if 400 <= stream.status < 500 and not stream.opened:
        return []
    message = f"Expected 4xx, got {stream_answer(stream)} for `{operation.key}` without credentials"
    return [_stream_failure(STREAM_REQUIRES_CREDENTIALS, message, operation.key, "", stream)]


def replay_failures(scenario: StreamScenario, readers: list[Principal]) -> list[ProbeFailure]:
    """After the triggers ran, each reader's replay from the start carries only its tenant's events.

    Unproven unless some replay carried its own tenant's trigger events (it replays something).
    """
    replay_from = scenario.settings.stream.replay_from
    subscribe_sse(scenario, readers, last_event_id=replay_from)
    scenario.collect()
    replayed = [s for s in scenario.subscribers if s.live and not scenario.missing(s)]
    if not replayed:
        raise StreamUnproven(
            f"no replay with `{LAST_EVENT_ID}: {replay_from}` carried its own tenant's trigger events "
            "(set events.stream.replay_from to the oldest id the target keeps)"
        )
    failures = list(scenario.failures)
    for subscriber in replayed:
        failures += judge_frames(scenario, subscriber, check=STREAM_BACKLOG_ISOLATED)
    return combine_by_subject(failures)
