"""Broadcasting: a Pusher-protocol (v7) WebSocket server and Pusher-compatible channel auth.

``install(app, ctx)`` is called by ``create_app``: it mounts the routes, subscribes to the event bus
and adds the auth endpoint to the spec.
"""

from __future__ import annotations

from typing import Any


def install(app: Any, ctx: Any) -> None:
    # Imported here: the defect modules import this package's helpers, so keep its import light.
    from .openapi import extend_spec
    from .routes import router
    from .service import BroadcastService

    service = BroadcastService(ctx)
    ctx.extras["broadcasting"] = service
    ctx.bus.subscribe(service.on_event)
    app.include_router(router)
    ctx.spec_extensions.append(extend_spec)


__all__ = ["install"]
