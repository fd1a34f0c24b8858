"""``GET /api/v1/events`` (``/api/v1/orgs/{org}/events`` in the path dialect): the team's event stream.

Lines as the SSE standard has them: ``id:``, ``event:`` (the domain event's name) and ``data:`` (the
resource as JSON, as broadcasting carries it), a blank line after each event, ``: heartbeat``
comments in between. ``Last-Event-ID`` resumes after that id (``0``: the team's whole kept backlog);
without it only new events come. The server ends every stream after ``--sse-lifetime`` seconds.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from reference_api.auth import CurrentPrincipal
from reference_api.context import AppContext, Ctx
from reference_api.defects import sse as defects
from reference_api.errors import validation_failed
from reference_api.settings import Settings

from .log import EventLog, LoggedEvent

STREAM_PATH = "/api/v1/events"
LAST_EVENT_ID = "Last-Event-ID"
EVENT_ID_PATTERN = r"^[0-9]{1,18}$"
RECONNECT_MS = 1000
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}

router = APIRouter(include_in_schema=False)


def last_event_id(request: Request) -> int | None:
    raw = request.headers.get(LAST_EVENT_ID.lower())
    if raw is None:
        return None
    if not re.match(EVENT_ID_PATTERN, raw.strip()):
        message = f"The {LAST_EVENT_ID} header must be the id of an event you received (digits)."
        raise validation_failed({LAST_EVENT_ID: [message]})
    return int(raw)


def frame(event: LoggedEvent) -> str:
    data = json.dumps(event.data, default=str, separators=(",", ":"))
    return f"id: {event.id}\nevent: {event.name}\ndata: {data}\n\n"


def _filters(ctx: AppContext, team_id: Any) -> tuple[Any, Any]:
    """(live, replay) team filters of a stream of ``team_id``; None lets every team's events through."""
    live = defects.sse_cross_tenant_events(team_id) if ctx.defects.on("sse_cross_tenant_events") else team_id
    replay = (
        defects.sse_backlog_cross_tenant(team_id) if ctx.defects.on("sse_backlog_cross_tenant") else team_id
    )
    return live, replay


async def _frames(
    log: EventLog, settings: Settings, filters: tuple[Any, Any], last_id: int | None
) -> AsyncIterator[str]:
    loop = asyncio.get_running_loop()
    # subscribe before reading the backlog: an event published in between arrives on the queue
    subscriber = log.subscribe(filters[0], loop)
    try:
        yield f"retry: {RECONNECT_MS}\n\n"
        replayed = 0
        for event in log.after(last_id, filters[1]) if last_id is not None else ():
            replayed = event.id
            yield frame(event)
        deadline = loop.time() + settings.sse_lifetime_s
        while (remaining := deadline - loop.time()) > 0:
            try:
                event = await asyncio.wait_for(
                    subscriber.queue.get(), min(settings.sse_heartbeat_s, remaining)
                )
            except TimeoutError:
                if deadline - loop.time() > 0:
                    yield ": heartbeat\n\n"
                continue
            if event.id > replayed:
                yield frame(event)
    finally:
        log.unsubscribe(subscriber)


@router.get(STREAM_PATH)
async def stream_events(request: Request, principal: CurrentPrincipal, ctx: Ctx) -> StreamingResponse:
    last_id = last_event_id(request)
    log: EventLog = ctx.extras["sse"]
    frames = _frames(log, ctx.settings, _filters(ctx, principal.team_id), last_id)
    return StreamingResponse(frames, media_type="text/event-stream", headers=HEADERS)
