"""What the events family will leave unproven or skip with this configuration (``doctor``'s preview)."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Carrier, Config


def coverage_gaps(config: Config, spec: dict[str, Any], carrier: Carrier | None) -> tuple[bool, list[str]]:
    """(skipped, gaps): whether the family is skipped whole, and each gap with its reason and key."""
    gaps: list[str] = []
    block = config.block("events")
    if not block:
        return True, ["no events transport (an `events` block: pusher or sse)"]
    if not block.get("triggers"):
        gaps.append("no events.triggers: streams are opened but no event is caused")
    return False, gaps
