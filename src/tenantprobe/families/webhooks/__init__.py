"""The webhooks family's library: signature schemes, the receiver, outbound checks, inbound forgeries."""

from tenantprobe.families.webhooks.forgeries import KINDS as FORGERY_KINDS
from tenantprobe.families.webhooks.forgeries import applies as forgery_applies
from tenantprobe.families.webhooks.forgeries import forgery as forgery_strategy
from tenantprobe.families.webhooks.inbound import InboundProbe, InboundSetupError, InboundTarget
from tenantprobe.families.webhooks.judge import Judge as WebhookJudge
from tenantprobe.families.webhooks.outbound import OutboundRun, event_name, outbound_session
from tenantprobe.families.webhooks.payloads import PayloadSchemas as WebhookPayloadSchemas
from tenantprobe.families.webhooks.receiver import Delivery, Receiver
from tenantprobe.families.webhooks.schemes import SCHEMES, Scheme, Verdict, scheme_from_config
from tenantprobe.families.webhooks.settings import WebhookSettings
from tenantprobe.families.webhooks.settings import load_settings as webhook_settings

__all__ = [
    "FORGERY_KINDS",
    "SCHEMES",
    "Delivery",
    "InboundProbe",
    "InboundSetupError",
    "InboundTarget",
    "OutboundRun",
    "Receiver",
    "Scheme",
    "Verdict",
    "WebhookJudge",
    "WebhookPayloadSchemas",
    "WebhookSettings",
    "event_name",
    "forgery_applies",
    "forgery_strategy",
    "outbound_session",
    "scheme_from_config",
    "webhook_settings",
]
