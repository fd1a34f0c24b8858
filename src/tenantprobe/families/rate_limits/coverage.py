"""What the rate_limits family will leave unproven or skip with this configuration (``doctor``'s preview)."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Carrier, Config


def coverage_gaps(config: Config, spec: dict[str, Any], carrier: Carrier | None) -> tuple[bool, list[str]]:
    """(skipped, gaps): whether the family is skipped whole, and each gap with its reason and key."""
    gaps: list[str] = []
    probe = config.block("rate_limits").get("probe") or {}
    if config.target.mode == "production":
        gaps.append("production mode: the active probe never runs (headers are still judged)")
    elif not probe.get("principals"):
        gaps.append("no rate_limits.probe.principals: only headers are judged, never enforcement")
    return False, gaps
