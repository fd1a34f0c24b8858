"""``create_app(settings)``: the FastAPI application of the reference API.

Plug-in modules (``reference_api.webhooks``, ``reference_api.broadcasting``) are optional: when the
package exists, its ``install(app, ctx)`` is called last. See README.md, "Extending".
"""

from __future__ import annotations

import atexit
import importlib
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from reference_api.context import AppContext
from reference_api.db import Database
from reference_api.defects import DefectSwitches
from reference_api.dialect_options import dialect_problem
from reference_api.errors import install_error_handlers
from reference_api.events import EventBus
from reference_api.middleware.path_tenancy import PathTenancyMiddleware
from reference_api.middleware.rate_limit import RateLimitMiddleware
from reference_api.middleware.request_log import RequestLogMiddleware
from reference_api.openapi import document
from reference_api.render import render_invoice
from reference_api.routers import customers, health, invoices, login, me, members, team
from reference_api.seed import read_demo_env, seed_database
from reference_api.settings import Settings
from reference_api.tokens import TokenIndex

CORE_ROUTERS = (
    health.router,
    document.router,
    me.router,
    team.router,
    customers.router,
    invoices.router,
    members.router,
)
PLUGIN_MODULES = ("reference_api.webhooks", "reference_api.broadcasting", "reference_api.sse")


def _open_database(settings: Settings) -> tuple[Database, Path | None]:
    temp_dir = None
    if settings.db_path is None:
        temp_dir = Path(tempfile.mkdtemp(prefix="reference-api-"))
        path = str(temp_dir / "reference.db")
    else:
        path = settings.db_path
    db = Database(path, settings.ids)
    db.create_schema()
    return db, temp_dir


def _install_plugins(app: FastAPI, ctx: AppContext) -> None:
    # webhooks/ and broadcasting/ are built separately; the core runs without them.
    for name in PLUGIN_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise  # the plug-in exists but one of its own imports is broken: say so
            continue
        install = getattr(module, "install", None)
        if install is not None:
            install(app, ctx)


def create_app(settings: Settings) -> FastAPI:
    problem = dialect_problem(settings)
    if problem is not None:
        raise ValueError(problem)
    db, temp_dir = _open_database(settings)
    team_ids = {row["slug"]: row["id"] for row in db.all("SELECT id, slug FROM teams ORDER BY rowid")}
    if not team_ids:
        team_ids = seed_database(db, settings.tenants)
    ctx = AppContext(
        settings=settings,
        db=db,
        bus=EventBus(),
        defects=DefectSwitches(settings.defects),
        tokens=TokenIndex(db),
        team_ids=team_ids,
        demo_env=read_demo_env(),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            for stop in reversed(ctx.on_shutdown):
                stop()
            db.close()
            if temp_dir is not None:
                shutil.rmtree(temp_dir, ignore_errors=True)

    if temp_dir is not None:  # also when the process ends without a lifespan shutdown
        atexit.register(shutil.rmtree, temp_dir, True)

    app = FastAPI(
        title="tenantprobe reference API", openapi_url=None, docs_url=None, redoc_url=None, lifespan=lifespan
    )
    app.state.ctx = ctx
    install_error_handlers(app)
    for router in CORE_ROUTERS:
        app.include_router(router)
    if settings.auth == "login":
        app.include_router(login.router)
    # added last = outermost: the request id and log line wrap the rate limiter's 429s too
    app.add_middleware(PathTenancyMiddleware, ctx=ctx)
    app.add_middleware(RateLimitMiddleware, ctx=ctx)
    app.add_middleware(RequestLogMiddleware, ctx=ctx)
    ctx.extras["render_invoice"] = lambda row: render_invoice(ctx, row)
    _install_plugins(app, ctx)
    return app
