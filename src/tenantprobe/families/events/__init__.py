"""Broadcasting over the Pusher protocol (v7): a client, channel-auth signatures, and the events checks.

Pusher, soketi and Laravel Reverb speak the same protocol, so one client covers them. Everything
target-specific (URLs, channel names, triggers) comes from the ``events`` block of tenants.yaml.
"""

from tenantprobe.families.events.channel_auth import (
    MALFORMED_SOCKET_IDS,
    AuthReply,
    combine_by_subject,
    fresh_socket_id,
    judge_anonymous,
    judge_malformed_socket,
    judge_own_channel,
    judge_refused,
    request_channel_auth,
)
from tenantprobe.families.events.connection import Frame, PusherConnection, PusherError, SubscribeOutcome
from tenantprobe.families.events.forged import forged_subscription_failures
from tenantprobe.families.events.payloads import payload_problems, payload_schema_pointer
from tenantprobe.families.events.settings import EventsSettings, Trigger, events_settings
from tenantprobe.families.events.signing import (
    auth_problem,
    channel_signature,
    forged_auth,
    sign_channel,
    string_to_sign,
)
from tenantprobe.families.events.stream import ScenarioError, StreamScenario
from tenantprobe.families.events.stream_judge import judge_streams

__all__ = [
    "MALFORMED_SOCKET_IDS",
    "AuthReply",
    "EventsSettings",
    "Frame",
    "PusherConnection",
    "PusherError",
    "ScenarioError",
    "StreamScenario",
    "SubscribeOutcome",
    "Trigger",
    "auth_problem",
    "channel_signature",
    "combine_by_subject",
    "events_settings",
    "forged_auth",
    "forged_subscription_failures",
    "fresh_socket_id",
    "judge_anonymous",
    "judge_malformed_socket",
    "judge_own_channel",
    "judge_refused",
    "judge_streams",
    "payload_problems",
    "payload_schema_pointer",
    "request_channel_auth",
    "sign_channel",
    "string_to_sign",
]
