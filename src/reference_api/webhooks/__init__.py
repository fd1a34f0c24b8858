"""Outbound webhooks (endpoints, signed asynchronous delivery, delivery log) and the inbound payment
callback.

``install(app, ctx)`` is called by ``create_app``: it creates the tables, mounts the routes, starts the
delivery worker, subscribes it to the event bus and adds the routes and event payloads to the spec.
"""

from __future__ import annotations

from typing import Any


def install(app: Any, ctx: Any) -> None:
    # Imported here: the defect modules import this package's helpers, so keep its import light.
    from reference_api.seed import plan_teams

    from .inbound import header_router, path_router
    from .openapi import extend_spec
    from .router import router
    from .service import WebhookService

    if ctx.settings.style.webhook_secrets == "tenant":
        plans = plan_teams(len(ctx.team_ids))
        ctx.extras["team_webhook_secrets"] = {ctx.team_ids[p.slug]: p.webhook_secret for p in plans}
    service = WebhookService(ctx)
    service.start()
    ctx.extras["webhooks"] = service
    ctx.bus.subscribe(service.on_event)
    # runs before the database closes, so no attempt is logged into a closed connection
    ctx.on_shutdown.append(service.stop)
    app.include_router(router)
    app.include_router(header_router if ctx.settings.style.inbound_tenant == "header" else path_router)
    ctx.spec_extensions.append(extend_spec)


__all__ = ["install"]
