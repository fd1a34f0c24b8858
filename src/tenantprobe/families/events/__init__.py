"""Events: broadcast channel auth for the own tenant only (Pusher protocol), streams (Pusher channels or
Server-Sent Events) carry no other tenant, another tenant's stream is refused."""

from tenantprobe.core.family import Family

# The checks this family can fail; modules raise them by these names, never by a literal.
CHANNEL_AUTH_GRANTED = "channel_auth_granted"
CHANNEL_AUTH_SIGNATURE_VALID = "channel_auth_signature_valid"
PRESENCE_MEMBER_IS_CALLER = "presence_member_is_caller"
CHANNEL_AUTH_SCOPED = "channel_auth_scoped"
SOCKET_ID_VALIDATED = "socket_id_validated"
CHANNEL_AUTH_REQUIRES_CREDENTIALS = "channel_auth_requires_credentials"
FORGED_SUBSCRIPTION_REFUSED = "forged_subscription_refused"
CHANNEL_SUBSCRIPTION_ACCEPTED = "channel_subscription_accepted"
STREAM_DELIVERS_OWN_EVENTS = "stream_delivers_own_events"
STREAM_ISOLATED = "stream_isolated"
EVENT_PAYLOAD_MATCHES_SCHEMA = "event_payload_matches_schema"
STREAM_OPENS_FOR_OWN_TENANT = "stream_opens_for_own_tenant"
STREAM_FOREIGN_REFUSED = "stream_foreign_refused"
STREAM_REQUIRES_CREDENTIALS = "stream_requires_credentials"
STREAM_BACKLOG_ISOLATED = "stream_backlog_isolated"

FAMILY = Family(
    "events", "Broadcasting", "broadcasting",
    order=60,
    config_block="events",
    checks=(
        CHANNEL_AUTH_GRANTED, CHANNEL_AUTH_SIGNATURE_VALID, PRESENCE_MEMBER_IS_CALLER,
        CHANNEL_AUTH_SCOPED, SOCKET_ID_VALIDATED, CHANNEL_AUTH_REQUIRES_CREDENTIALS,
        FORGED_SUBSCRIPTION_REFUSED, CHANNEL_SUBSCRIPTION_ACCEPTED, STREAM_DELIVERS_OWN_EVENTS,
        STREAM_ISOLATED, EVENT_PAYLOAD_MATCHES_SCHEMA, STREAM_OPENS_FOR_OWN_TENANT,
        STREAM_FOREIGN_REFUSED, STREAM_REQUIRES_CREDENTIALS, STREAM_BACKLOG_ISOLATED,
    ),
)
