"""What the webhooks family will leave unproven or skip with this configuration (``doctor``'s preview)."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Carrier, Config


def coverage_gaps(config: Config, spec: dict[str, Any], carrier: Carrier | None) -> tuple[bool, list[str]]:
    """(skipped, gaps): whether the family is skipped whole, and each gap with its reason and key."""
    gaps: list[str] = []
    block = config.block("webhooks")
    if not block:
        return True, ["no `webhooks` block"]
    if not block.get("register"):
        gaps.append("no webhooks.register: no outbound delivery is judged")
    elif not block.get("triggers"):
        gaps.append("no webhooks.triggers: no event is caused, deliveries stay unproven")
    if not block.get("inbound"):
        gaps.append("no inbound settings (webhooks.inbound): forgery and replay checks do not run")
    return False, gaps
