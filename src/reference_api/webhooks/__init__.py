"""Outbound webhooks (endpoints, signed asynchronous delivery, delivery log) and the inbound payment
callback.

``install(app, ctx)`` is called by ``create_app``: it creates the tables, mounts the routes, starts the
delivery worker, subscribes it to the event bus and adds the routes and event payloads to the spec.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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
    app.include_router(router)
    app.include_router(inbound_router)
    ctx.spec_extensions.append(extend_spec)
    _stop_on_shutdown(app, service)


def _stop_on_shutdown(app: Any, service: Any) -> None:
    """Stop the worker inside the app's own lifespan, so it is idle before the database closes."""
    outer = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(instance: Any) -> AsyncIterator[Any]:
        async with outer(instance) as state:
            try:
                yield state
            finally:
                service.stop()

    app.router.lifespan_context = lifespan


__all__ = ["install"]
