"""The inbound judge: which callbacks to forge, the genuine callback's precondition, and every verdict.

A forgery's refusal shows the signature check only when the genuine, correctly signed callback is
accepted: otherwise every forgery is refused for another reason (a missing tenant header, a body the
target cannot parse), so forgery and replay tests are unproven with the genuine callback's answer.
"""

from __future__ import annotations

from dataclasses import replace

from tenantprobe.core.exchange import Exchange, status_text
from tenantprobe.core.failures import ProbeFailure
from tenantprobe.core.redact import active_redactor
from tenantprobe.core.state import RunState
from tenantprobe.core.text import shorten
from tenantprobe.core.verdict import Verdict
from tenantprobe.families.webhooks import GENUINE_ACCEPTED, REPLAY_REJECTED
from tenantprobe.families.webhooks.forgeries import KINDS, applies
from tenantprobe.families.webhooks.inbound import InboundProbe, InboundTarget
from tenantprobe.families.webhooks.settings import load_settings

_SHOWN_BODY = 120  # characters of a refusal's body in the reason: enough to say why


def inbound_cases(state: RunState) -> list[tuple[str, str]]:
    """(tenant, forgery kind) for every tenant with a secret and every kind its scheme supports."""
    try:
        configured = load_settings(state.config, state.spec)
    except ValueError:
        return []  # the fixture reports the configuration problem
    inbound = configured.inbound if configured else None
    if inbound is None:
        return []
    tenants = [name for name in state.config.tenants if inbound.secrets.get(name)]
    others = len(tenants) > 1
    return [
        (tenant, kind)
        for tenant in tenants
        for kind in KINDS
        if applies(kind, inbound.scheme, has_other_secret=others)
    ]


def genuine_refusal(probe: InboundProbe, target: InboundTarget) -> str | None:
    """Send one genuine callback: None when it is accepted (2xx), else why no forgery can be judged."""
    exchange = probe.send(target, probe.signed(probe.genuine(target)))
    status = exchange.status or 0
    if 200 <= status < 300:
        return None
    return (
        f"the genuine, correctly signed callback `{probe.operation}` to `{target.tenant}` was refused "
        f"(`{status_text(status)}`{_said(exchange)}): a refused forgery shows nothing of its signature check"
    )


def forgery_verdict(
    probe: InboundProbe, target: InboundTarget, failures: list[ProbeFailure], refusal: str | None
) -> Verdict:
    if refusal is not None:
        return Verdict.unproven(refusal)
    return Verdict.judged(failures, f"the genuine callback to `{target.tenant}` was accepted")


def genuine_failures(probe: InboundProbe, target: InboundTarget) -> list[ProbeFailure]:
    """The first secret's callback must take effect; every further secret (rotation) must be accepted."""
    failures = []
    for number, secret in enumerate(target.secrets):
        before = probe.observe(target) if number == 0 else None
        exchange = probe.send(target, probe.signed(replace(probe.genuine(target), secret=secret)))
        status = exchange.status or 0
        which = "its own secret" if len(target.secrets) == 1 else f"its secret #{number + 1}"
        where = f"`{probe.operation}` to `{target.tenant}` signed with {which}"
        if not 200 <= status < 300:
            message = f"Expected 2xx, got `{status}` for {where}"
            failures.append(probe.failure(target, GENUINE_ACCEPTED, message, exchange))
        elif number == 0 and probe.inbound.read_back and before == probe.observe(target):
            message = f"Expected the callback's effect, but `{before}` stayed unchanged after {where}"
            failures.append(probe.failure(target, GENUINE_ACCEPTED, message, exchange))
    return failures


def replay_verdict(probe: InboundProbe, target: InboundTarget) -> Verdict:
    """An accepted callback sent again (byte for byte, then re-signed with a later time) must be refused."""
    genuine = probe.genuine(target)
    first = probe.send(target, probe.signed(genuine))
    if not 200 <= (first.status or 0) < 300:
        return Verdict.unproven(
            f"the genuine callback to `{target.tenant}` was refused (`{status_text(first.status)}`"
            f"{_said(first)}), so there is no accepted callback to replay"
        )
    failures = []
    replays = [probe.signed(genuine), probe.signed(replace(genuine, now=genuine.now + 1))]
    for replay, how in zip(replays, ("byte for byte", "re-signed with a new timestamp"), strict=True):
        exchange = probe.send(target, replay)
        status = exchange.status or 0
        if not 400 <= status < 500:
            message = (
                f"Expected 4xx, got `{status}` for `{probe.operation}` to `{target.tenant}` "
                f"replaying event id of an accepted callback ({how})"
            )
            failures.append(probe.failure(target, REPLAY_REJECTED, message, exchange))
    return Verdict.judged(failures, f"the genuine callback to `{target.tenant}` was accepted")


def _said(exchange: Exchange) -> str:
    text = active_redactor().text(exchange.response_body.decode("utf-8", "replace")).strip()
    text = " ".join(text.split())
    if not text:
        return ""
    return ": " + shorten(text, _SHOWN_BODY)
