"""Server-Sent Events: each team's domain events as a ``text/event-stream`` (``--sse``).

``install(app, ctx)`` is called by ``create_app``: with ``--sse`` it starts the event log, subscribes
it to the event bus, mounts ``GET /api/v1/events`` (``/api/v1/orgs/{org}/events`` in the path
dialect) and adds the stream to the spec. Without ``--sse`` the app has no stream.
"""

from __future__ import annotations

from typing import Any

from .log import EventLog
from .openapi import extend_spec
from .routes import router


def install(app: Any, ctx: Any) -> None:
    if not ctx.settings.sse:
        return
    log = EventLog()
    ctx.extras["sse"] = log
    ctx.bus.subscribe(log.on_event)
    app.include_router(router)
    ctx.spec_extensions.append(extend_spec)


__all__ = ["install"]
