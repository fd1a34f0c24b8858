"""Events: broadcast channel auth for the own tenant only (Pusher protocol), streams carry no other tenant."""

from tenantprobe.core.family import Family

FAMILY = Family("events", "Broadcasting", "broadcasting", config_block="events")
