"""The Server-Sent Events transport of the stream scenario: where a tenant's stream is, and opening it.

The stream operation comes from tenants.yaml (``events.stream.operation``) or from the spec (its one
GET answering ``text/event-stream``). A tenant's own stream is that operation with the principal's
credentials; another tenant's is named the way tenants.yaml says tenants are named: placeholders in
the path (``{tenant}``, ``{tenant_id}``), else the tenant selector (``tenancy.selector``).
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from dataclasses import dataclass, field

import httpx

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.exchange import status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.placeholders import fill, placeholders
from tenantprobe.core.state import RunState
from tenantprobe.families.events import FAMILY, STREAM_OPENS_FOR_OWN_TENANT
from tenantprobe.families.events.connection import Frame
from tenantprobe.families.events.settings import EventsSettings
from tenantprobe.families.events.sse_stream import LAST_EVENT_ID, SseStream, StreamBudget
from tenantprobe.families.events.stream import ScenarioError, StreamScenario, Subscriber
from tenantprobe.openapi.streams import StreamOperation, stream_operations


@dataclass
class SseFeed:
    """A stream as the scenario reads it: its events as frames, labelled with the stream's path."""

    stream: SseStream
    label: str
    _frames: list[Frame] = field(default_factory=list)

    @property
    def frames(self) -> list[Frame]:
        for event in self.stream.events[len(self._frames) :]:
            try:
                data = json.loads(event.data)
            except ValueError:
                data = event.data
            self._frames.append(Frame(event.event, self.label, data, event.data, event.id))
        return self._frames

    def drain(self, timeout_s: float, limit: int) -> list[Frame]:
        """The frames that arrived within ``timeout_s`` (the stream is read on its own thread)."""
        before = len(self.frames)
        time.sleep(max(timeout_s, 0.0))
        return self.frames[before : before + limit]

    def close(self) -> None:
        self.stream.stop()
        self.stream.client.close()


def stream_operation(state: RunState, settings: EventsSettings) -> StreamOperation:
    """The configured stream operation, else the spec's one; ScenarioError says how to fix it."""
    found = stream_operations(state.spec)
    if settings.stream.operation:
        method, _, path = settings.stream.operation.partition(" ")
        named = next((op for op in found if op.path == path.strip()), None)
        return named or StreamOperation(method.upper(), path.strip(), None)
    if len(found) == 1:
        return found[0]
    listed = ", ".join(f"`{op.key}`" for op in found) or "none"
    raise ScenarioError(
        f"events.transport is sse, and the spec's GET operations answering text/event-stream are: {listed}; "
        "name the tenant's stream in events.stream.operation (e.g. GET /events)"
    )


def stream_budget(state: RunState, settings: EventsSettings, seconds: float) -> StreamBudget:
    return StreamBudget(
        seconds=seconds, max_bytes=settings.stream.max_bytes, connect_s=state.config.target.timeout_s
    )


def stream_client(
    state: RunState, principal: Principal, transport: httpx.BaseTransport | None = None
) -> TargetClient:
    """A client of the stream's own: it is read on another thread than the principal's requests."""
    return TargetClient(
        state.config, state.routes, principal, token=state.tokens.get(principal.id), transport=transport
    )


def tenant_values(state: RunState, tenant: str) -> dict[str, str]:
    return {"tenant": tenant, "tenant_id": state.knowledge.tenant_ids.get(tenant, "")}


def made_up_values(state: RunState, tenant: str) -> dict[str, str]:
    """Values naming a tenant that does not exist, shaped like ``tenant``'s own (digits, a UUID, text)."""
    real = state.knowledge.tenant_ids.get(tenant, "")
    made_up = f"tp-no-such-tenant-{secrets.token_hex(3)}"
    if real.isdigit():
        made_up = "9" * max(9, len(real) + 3)
    elif _is_uuid(real):
        made_up = str(uuid.uuid4())
    return {"tenant": f"tp-no-such-tenant-{secrets.token_hex(3)}", "tenant_id": made_up}


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class StreamAddress:
    """How to ask for one tenant's stream: a path, and the selector header when that names the tenant."""

    path: str
    headers: dict[str, str]
    how: str  # for messages: "the path" or "header `X-Tenant` set to ..."


def address(
    state: RunState, operation: StreamOperation, values: dict[str, str] | None
) -> StreamAddress | None:
    """The stream of the tenant ``values`` name (None: the caller's own); None when it cannot be named."""
    if placeholders(operation.path):
        if values is None:
            raise ScenarioError(f"`{operation.key}` names its tenant in the path: pass the tenant's values")
        return StreamAddress(fill(operation.path, values), {}, "the path")
    if values is None:
        return StreamAddress(operation.path, {}, "its own credentials")
    selector = state.config.tenancy.selector
    if selector is None:
        return None
    if selector["in"] == "header":
        return StreamAddress(
            operation.path, {selector["name"]: values["tenant_id"]}, f"header `{selector['name']}`"
        )
    separator = "&" if "?" in operation.path else "?"
    path = f"{operation.path}{separator}{selector['name']}={values['tenant_id']}"
    return StreamAddress(path, {}, f"query `{selector['name']}`")


def own_address(state: RunState, operation: StreamOperation, principal: Principal) -> StreamAddress:
    values = tenant_values(state, principal.tenant) if placeholders(operation.path) else None
    found = address(state, operation, values)
    assert found is not None  # a caller's own stream is always nameable
    return found


def subscribe_sse(
    scenario: StreamScenario, principals: list[Principal], last_event_id: str | None = None
) -> None:
    """Every principal opens its own tenant's stream (resuming after ``last_event_id`` when given);
    each must answer with an event stream."""
    state, settings = scenario.state, scenario.settings
    operation = stream_operation(state, settings)
    scenario.stream_operation, scenario.item_schema = operation.key, operation.item_schema
    seconds = state.config.target.timeout_s + 4 * settings.wait_s
    resumed = f" (replayed after {LAST_EVENT_ID}: {last_event_id})" if last_event_id is not None else ""
    opened = []
    for principal in principals:
        where = own_address(state, operation, principal)
        client = stream_client(state, principal, scenario.stream_transport)
        stream = SseStream(
            client, where.path, stream_budget(state, settings, seconds),
            headers=where.headers, last_event_id=last_event_id,
        ).start()  # fmt: skip
        label = f"{where.path}{resumed}"
        opened.append(Subscriber(principal, label, SseFeed(stream, label)))
    scenario.subscribers += opened
    deadline = time.monotonic() + settings.wait_s
    for subscriber in opened:
        feed = subscriber.feed
        assert isinstance(feed, SseFeed)
        feed.stream.wait_answered(deadline - time.monotonic())
        subscriber.live = feed.stream.opened
        if not subscriber.live:
            scenario.failures.append(own_stream_refused(scenario, subscriber.principal, feed.stream))


def own_stream_refused(scenario: StreamScenario, principal: Principal, stream: SseStream) -> ProbeFailure:
    answer = stream_answer(stream)
    return ProbeFailure(
        family=FAMILY.name,
        check=STREAM_OPENS_FOR_OWN_TENANT,
        message=f"Expected an event stream, got {answer} for `{scenario.operation}` as `{principal.id}`",
        operation=scenario.operation,
        principal=principal.id,
        exchange=stream.exchange,
    )


def stream_answer(stream: SseStream) -> str:
    """What the server answered, for a message: status and media type, or why there was none."""
    if stream.status is None:
        return f"no answer ({stream.error or 'nothing within the wait'})"
    media = f" `{stream.content_type}`" if stream.content_type else ""
    return f"`{status_text(stream.status)}`{media}"


def subscribe(scenario: StreamScenario, principals: list[Principal]) -> None:
    """Subscribe every principal over the configured transport."""
    if scenario.settings.transport == "sse":
        subscribe_sse(scenario, principals)
    else:
        scenario.subscribe_all(principals)
