"""What each family will prove with this configuration, before a run: ``tenantprobe doctor``'s preview.

Read from tenants.yaml and the spec alone (no request is sent): a family runs, or parts of it will be
unproven or skipped, each with the reason and the key that changes it. Each family says its own gaps
in its ``coverage`` module; a user fixes the configuration before the first run instead of after
reading its reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.config import Carrier, Config
from tenantprobe.families import FAMILIES, coverage_gaps_of


@dataclass
class FamilyPreview:
    family: str
    gaps: list[str] = field(default_factory=list)  # what will be unproven or skipped, and why
    skipped: bool = False

    @property
    def verdict(self) -> str:
        return "skipped" if self.skipped else ("partly unproven" if self.gaps else "will run")


def preview(config: Config, spec: dict[str, Any], carrier: Carrier | None) -> list[FamilyPreview]:
    """Each family's preview; ``carrier`` is the run's effective one (declared or read from the spec)."""
    found = []
    for family in FAMILIES:
        gaps_of = coverage_gaps_of(family)
        skipped, gaps = gaps_of(config, spec, carrier) if gaps_of else (False, [])
        found.append(FamilyPreview(family.name, gaps, skipped))
    return found


def render_preview(previews: list[FamilyPreview]) -> str:
    width = max(len(p.family) for p in previews)
    lines = ["coverage preview (from tenants.yaml and the spec; nothing sent):"]
    for item in previews:
        lines.append(f"  {item.family.ljust(width)}  {item.verdict}")
        lines += [f"  {' ' * width}    - {gap}" for gap in item.gaps]
    return "\n".join(lines)
