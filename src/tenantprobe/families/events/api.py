"""The events family's names in the public surface ``tenantprobe`` (the facade reads these imports)."""

from tenantprobe.families.events.channel_auth import (
    MALFORMED_SOCKET_IDS,
    combine_by_subject,
    fresh_socket_id,
    judge_anonymous,
    judge_malformed_socket,
    judge_own_channel,
    judge_refused,
    request_channel_auth,
)
from tenantprobe.families.events.connection import PusherError
from tenantprobe.families.events.forged import forged_subscription_failures
from tenantprobe.families.events.settings import EventsSettings, events_settings
from tenantprobe.families.events.sse_feed import stream_operation
from tenantprobe.families.events.sse_feed import subscribe as subscribe_streams
from tenantprobe.families.events.sse_probes import (
    StreamUnproven,
    anonymous_stream_failures,
    foreign_stream_failures,
    replay_failures,
)
from tenantprobe.families.events.stream import ScenarioError, StreamScenario, triggers_blocked
from tenantprobe.families.events.stream_judge import judge_streams
