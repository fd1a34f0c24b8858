"""What the webhooks suite calls: this family's part of the public surface ``tenantprobe``.

The facade reads these imports (without running them) into its table of public names, so a family
adds its names here, in its own package, and the facade lists none of them.
"""

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
