"""The webhooks family's names in the public surface ``tenantprobe`` (the facade reads these imports)."""

from tenantprobe.families.webhooks.forgeries import forgery as forgery_strategy
from tenantprobe.families.webhooks.inbound import InboundProbe, InboundSetupError, InboundTarget
from tenantprobe.families.webhooks.inbound_judge import (
    forgery_verdict,
    genuine_failures,
    genuine_refusal,
    inbound_cases,
    replay_verdict,
)
from tenantprobe.families.webhooks.judge import Judge as WebhookJudge
from tenantprobe.families.webhooks.outbound import OutboundRun, outbound_session
from tenantprobe.families.webhooks.payloads import PayloadSchemas as WebhookPayloadSchemas
from tenantprobe.families.webhooks.receiver import Receiver
from tenantprobe.families.webhooks.settings import WebhookSettings
from tenantprobe.families.webhooks.settings import load_settings as webhook_settings
