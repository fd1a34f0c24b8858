"""Every domain event goes out on its team's channels, as `{event, channel, data}`."""

from __future__ import annotations

from typing import Any

from reference_api.context import AppContext
from reference_api.defects import events as defects
from reference_api.events import DomainEvent

from .auth import AppCredentials, team_channels
from .hub import Hub

CREDENTIAL_KEYS = ("BROADCAST_APP_ID", "BROADCAST_APP_KEY", "BROADCAST_APP_SECRET")


def app_credentials(demo_env: dict[str, str]) -> AppCredentials:
    missing = [key for key in CREDENTIAL_KEYS if not demo_env.get(key)]
    if missing:
        raise ValueError(f"demo.env lacks {', '.join(missing)}; broadcasting needs app id, key and secret.")
    return AppCredentials(*(demo_env[key] for key in CREDENTIAL_KEYS))


class BroadcastService:
    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.hub = Hub()
        self.app = app_credentials(ctx.demo_env)

    def channels_for(self, event: DomainEvent) -> list[str]:
        if self.ctx.defects.on("broadcast_cross_team_leak"):
            rows = self.ctx.db.all("SELECT id FROM teams ORDER BY rowid")
            all_team_ids: list[Any] = [row["id"] for row in rows]
            return defects.broadcast_cross_team_leak(event.team_id, all_team_ids)
        return list(team_channels(event.team_id))

    def on_event(self, event: DomainEvent) -> None:
        """EventBus callback: hand the event to every subscriber's queue; never waits on a socket."""
        for channel in self.channels_for(event):
            self.hub.publish(channel, event.name, event.data)
