"""The per-app context every handler and plug-in module reaches through ``app.state.ctx``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from reference_api.db import Database
from reference_api.defects import DefectSwitches
from reference_api.events import EventBus
from reference_api.settings import Settings
from reference_api.tokens import TokenIndex

# A plug-in adds its paths, schemas or webhooks to the spec: ``extend(spec, ctx)`` mutates ``spec``.
SpecExtension = Callable[[dict[str, Any], "AppContext"], None]


@dataclass
class AppContext:
    settings: Settings
    db: Database
    bus: EventBus
    defects: DefectSwitches
    tokens: TokenIndex
    # slug -> team id, as seeded
    team_ids: dict[str, Any] = field(default_factory=dict)
    # the packaged demo.env (tokens, payment secrets, broadcast app credentials)
    demo_env: dict[str, str] = field(default_factory=dict)
    spec_extensions: list[SpecExtension] = field(default_factory=list)
    # called in reverse order at shutdown, before the database closes
    on_shutdown: list[Callable[[], None]] = field(default_factory=list)
    # anything a plug-in needs to keep for the app's lifetime, under its own key
    extras: dict[str, Any] = field(default_factory=dict)


async def get_ctx(request: Request) -> AppContext:
    # async: FastAPI runs a sync dependency in the thread pool, which costs more than the lookup
    ctx: AppContext = request.app.state.ctx
    return ctx


# ``ctx: Ctx`` in a handler signature
Ctx = Annotated[AppContext, Depends(get_ctx)]
