"""What the sdk family will leave unproven or skip with this configuration (``doctor``'s preview)."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Carrier, Config


def coverage_gaps(config: Config, spec: dict[str, Any], carrier: Carrier | None) -> tuple[bool, list[str]]:
    """(skipped, gaps): whether the family is skipped whole, and each gap with its reason and key."""
    gaps: list[str] = []
    if not config.block("sdk").get("baseline_spec"):
        gaps.append("no baseline spec (sdk.baseline_spec): breaking changes are not compared")
    return False, gaps
