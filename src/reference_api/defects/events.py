"""Defects of broadcasting: channel authorization and the routing of events onto channels.

Each function replaces one step of the clean code path in ``reference_api.broadcasting`` when its
defect is switched on; the events check family must catch every one of them.
"""

from __future__ import annotations

from typing import Any

from reference_api.broadcasting.auth import team_channels, team_of_channel
from reference_api.defects import defect


@defect("broadcast_auth_any_team", "events")
def broadcast_auth_any_team(own_team_id: Any, channel: str) -> bool:
    """``POST /broadcasting/auth`` signs any team's private channel, not only the caller's own.

    The channel callback checks that the channel is a team channel but not that it is the caller's
    team, so tenant A can subscribe to tenant B's event stream. The events family's channel-auth check
    must report it.
    """
    return team_of_channel(channel) is not None


@defect("broadcast_cross_team_leak", "events")
def broadcast_cross_team_leak(team_id: Any, all_team_ids: list[Any]) -> list[str]:
    """Every event is broadcast on every team's channels, not only on its own team's.

    ``broadcastOn()`` returns all team channels (a copy-paste from an admin-wide announcement), so a
    correctly authorized subscriber of tenant B receives tenant A's data. The events family's stream
    isolation check (canary leak detection) must report it.
    """
    return [channel for other in all_team_ids for channel in team_channels(other)]


@defect("broadcast_subscribe_unverified", "events")
def broadcast_subscribe_unverified(channel: str, auth: str, socket_id: str, channel_data: str | None) -> None:
    """The WebSocket server lets a client subscribe to private channels with any auth value.

    The signature in ``pusher:subscribe`` is never verified, so forging ``<key>:<anything>`` for another
    team's channel yields its events. The events family's subscription check must report it.
    """
    return None
