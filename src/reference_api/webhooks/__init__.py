"""Outbound webhooks (endpoints, signed asynchronous delivery, delivery log) and the inbound payment
callback.

``install(app, ctx)`` is called by ``create_app``: it creates the tables, mounts the routes, starts the
delivery worker, subscribes it to the event bus and adds the routes and event payloads to the spec.
"""

from __future__ import annotations

from typing import Any


def install(app: Any, ctx: Any) -> None:
    # Imported here: the defect modules import this package's helpers, so keep its import light.
    from .inbound import router as inbound_router
    from .openapi import extend_spec
    from .router import router
    from .service import WebhookService

    service = WebhookService(ctx)
    service.start()
    ctx.extras["webhooks"] = service
    ctx.bus.subscribe(service.on_event)
    # runs before the database closes, so no attempt is logged into a closed connection
    ctx.on_shutdown.append(service.stop)
    app.include_router(router)
    app.include_router(inbound_router)
    ctx.spec_extensions.append(extend_spec)


__all__ = ["install"]
