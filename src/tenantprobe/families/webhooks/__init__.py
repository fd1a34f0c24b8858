"""Webhooks: outbound deliveries signed right and tenant-isolated; inbound endpoints reject forgeries."""

from tenantprobe.core.family import Family

FAMILY = Family("webhooks", "Webhook signature", "webhook-signature", config_block="webhooks")
