"""The webhooks family's library: signature schemes, the receiver, outbound checks, inbound forgeries."""

from tenantprobe._webhooks._forgeries import KINDS as FORGERY_KINDS
from tenantprobe._webhooks._forgeries import applies as forgery_applies
from tenantprobe._webhooks._forgeries import forgery as forgery_strategy
from tenantprobe._webhooks._inbound import InboundProbe, InboundSetupError, InboundTarget
from tenantprobe._webhooks._judge import Judge as WebhookJudge
from tenantprobe._webhooks._outbound import OutboundRun, event_name, outbound_session
from tenantprobe._webhooks._payloads import PayloadSchemas as WebhookPayloadSchemas
from tenantprobe._webhooks._receiver import Delivery, Receiver
from tenantprobe._webhooks._schemes import SCHEMES, Scheme, Verdict, scheme_from_config
from tenantprobe._webhooks._settings import WebhookSettings
from tenantprobe._webhooks._settings import load_settings as webhook_settings

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
