"""Forged subscriptions: the WebSocket server, not only the auth endpoint, must check signatures.

A client of one tenant subscribes to another tenant's private channel (1) with a signature made
with a wrong secret and (2) with a genuine signature the auth endpoint issued for another socket.
"""

from __future__ import annotations

from tenantprobe.core.client import TargetClient
from tenantprobe.core.config import Principal
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.families.events import FAMILY, FORGED_SUBSCRIPTION_REFUSED
from tenantprobe.families.events.channel_auth import (
    combine_by_subject,
    fresh_socket_id,
    request_channel_auth,
)
from tenantprobe.families.events.connection import PusherConnection, SubscribeOutcome
from tenantprobe.families.events.settings import EventsSettings
from tenantprobe.families.events.signing import forged_auth


def _accepted(
    settings: EventsSettings, attacker: Principal, channel: str, how: str, outcome: SubscribeOutcome
) -> ProbeFailure:
    frame = outcome.frame.raw if outcome.frame else ""
    return ProbeFailure(
        family=FAMILY.name,
        check=FORGED_SUBSCRIPTION_REFUSED,
        message=(
            f"Expected the WebSocket server to refuse `{channel}` {how}, got `{frame}` for a socket of "
            f"`{attacker.id}` (sent: {outcome.message})"
        ),
        operation=f"SUBSCRIBE {settings.private_channel}",
        principal=attacker.id,
    )


def forged_subscription_failures(
    settings: EventsSettings,
    socket_url: str,
    attacker: Principal,
    victim: Principal,
    victim_channel: str,
    victim_client: TargetClient,
) -> list[ProbeFailure]:
    """Both forgeries against ``victim_channel`` from one socket of ``attacker``; [] when both refused."""
    failures = []
    with PusherConnection.open(socket_url, settings.wait_s) as connection:
        forged = forged_auth(settings.app_key, connection.socket_id, victim_channel)
        outcome = connection.subscribe(victim_channel, forged, None, settings.wait_s)
        if outcome.succeeded:
            how = f"(`{victim.tenant}`'s channel) with a signature made without the app secret"
            failures.append(_accepted(settings, attacker, victim_channel, how, outcome))
            connection.send("pusher:unsubscribe", {"channel": victim_channel})
        issued = request_channel_auth(
            victim_client, settings, fresh_socket_id(), victim_channel, settings.auth_formats[0]
        )
        if issued.granted and issued.auth is not None:
            outcome = connection.subscribe(victim_channel, issued.auth, None, settings.wait_s)
            if outcome.succeeded:
                how = (
                    f"(`{victim.tenant}`'s channel) with the auth `{victim.id}` was issued for socket "
                    f"`{issued.socket_id}`, not this socket `{connection.socket_id}`"
                )
                failures.append(_accepted(settings, attacker, victim_channel, how, outcome))
    return combine_by_subject(failures)
