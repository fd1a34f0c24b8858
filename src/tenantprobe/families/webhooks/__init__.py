"""Webhooks: outbound deliveries signed right and tenant-isolated; inbound endpoints reject forgeries."""

from tenantprobe.core.family import Family

# The checks this family can fail; modules raise them by these names, never by a literal.
SIGNATURE_VALID = "signature_valid"
TIMESTAMP_FRESH = "timestamp_fresh"
DELIVERY_IDS_UNIQUE = "delivery_ids_unique"
DELIVERED_TO_OWN_TENANT = "delivered_to_own_tenant"
PAYLOAD_MATCHES_SPEC = "payload_matches_spec"
EVENT_DELIVERED = "event_delivered"
GENUINE_ACCEPTED = "genuine_accepted"
FORGERY_REJECTED = "forgery_rejected"
FORGERY_REJECTED_WITHOUT_ERROR = "forgery_rejected_without_error"
REPLAY_REJECTED = "replay_rejected"

FAMILY = Family(
    "webhooks", "Webhook signature", "webhook-signature",
    order=50,
    config_block="webhooks",
    checks=(
        SIGNATURE_VALID, TIMESTAMP_FRESH, DELIVERY_IDS_UNIQUE, DELIVERED_TO_OWN_TENANT,
        PAYLOAD_MATCHES_SPEC, EVENT_DELIVERED, GENUINE_ACCEPTED, FORGERY_REJECTED,
        FORGERY_REJECTED_WITHOUT_ERROR, REPLAY_REJECTED,
    ),
)
