"""What the rbac family will leave unproven or skip with this configuration (``doctor``'s preview)."""

from __future__ import annotations

from typing import Any

from tenantprobe.core.config import Carrier, Config


def coverage_gaps(config: Config, spec: dict[str, Any], carrier: Carrier | None) -> tuple[bool, list[str]]:
    """(skipped, gaps): whether the family is skipped whole, and each gap with its reason and key."""
    gaps: list[str] = []
    permissions = config.permissions
    if not permissions.extension and not permissions.operations:
        return True, ["no permission map: set permissions.extension or permissions.operations"]
    roles = {p.role for p in config.principals()}
    missing = sorted(role for role in roles if role not in permissions.roles)
    if missing:
        gaps.append(f"no permissions.roles entry for {', '.join(missing)}: their cells are unproven")
    if not permissions.rank:
        gaps.append("no permissions.rank: the role-escalation probes do not run")
    return False, gaps
