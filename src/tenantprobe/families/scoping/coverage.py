"""What the scoping family will leave unproven or skip with this configuration (``doctor``'s preview)."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Carrier, Config
from tenantprobe.openapi.survey_hooks import survey_hooks


def coverage_gaps(config: Config, spec: dict[str, Any], carrier: Carrier | None) -> tuple[bool, list[str]]:
    """(skipped, gaps): whether the family is skipped whole, and each gap with its reason and key."""
    gaps: list[str] = []
    if len(config.tenants) < 2:
        return True, ["one tenant only: no other tenant to reach (add a second under `tenants`)"]
    if carrier is None:
        gaps.append("no tenant carrier or selector: the tenant-selector probes do not run")
    canaries = config.block("canaries")
    if canaries.get("enabled") is False:
        gaps.append("canaries.enabled is false: probes by id rely on what admins list")
        return False, gaps
    listed = set(canaries.get("operations") or [])
    excluded = set(canaries.get("exclude") or [])
    for collection, why in survey_hooks(spec).unplantable.items():
        if f"POST {collection}" not in listed and f"POST {collection}" not in excluded:
            gaps.append(f"no canaries plantable for {collection}: {why}")
    return False, gaps
