"""What each family will prove with this configuration, before a run: ``tenantprobe doctor``'s preview.

Read from tenants.yaml and the spec alone (no request is sent): a family runs, or parts of it will be
unproven or skipped, each with the reason and the key that changes it. A user fixes the configuration
before the first run instead of after reading its reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenantprobe.core.config import Carrier, Config
from tenantprobe.families import NAMES
from tenantprobe.openapi.survey_hooks import survey_hooks


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
    found = {name: FamilyPreview(name) for name in NAMES}
    _scoping(config, spec, carrier, found["scoping"])
    _rbac(config, found["rbac"])
    _webhooks(config, found["webhooks"])
    _events(config, found["events"])
    _rate_limits(config, found["rate_limits"])
    _sdk(config, found["sdk"])
    return list(found.values())


def _scoping(config: Config, spec: dict[str, Any], carrier: Carrier | None, into: FamilyPreview) -> None:
    if len(config.tenants) < 2:
        into.skipped = True
        into.gaps.append("one tenant only: no other tenant to reach (add a second under `tenants`)")
        return
    if carrier is None:
        into.gaps.append("no tenant carrier or selector: the tenant-selector probes do not run")
    canaries = config.block("canaries")
    if canaries.get("enabled") is False:
        into.gaps.append("canaries.enabled is false: probes by id rely on what admins list")
        return
    listed = set(canaries.get("operations") or [])
    excluded = set(canaries.get("exclude") or [])
    for collection, why in survey_hooks(spec).unplantable.items():
        if f"POST {collection}" not in listed and f"POST {collection}" not in excluded:
            into.gaps.append(f"no canaries plantable for {collection}: {why}")


def _rbac(config: Config, into: FamilyPreview) -> None:
    permissions = config.permissions
    if not permissions.extension and not permissions.operations:
        into.skipped = True
        into.gaps.append("no permission map: set permissions.extension or permissions.operations")
        return
    roles = {p.role for p in config.principals()}
    missing = sorted(role for role in roles if role not in permissions.roles)
    if missing:
        into.gaps.append(f"no permissions.roles entry for {', '.join(missing)}: their cells are unproven")
    if not permissions.rank:
        into.gaps.append("no permissions.rank: the role-escalation probes do not run")


def _webhooks(config: Config, into: FamilyPreview) -> None:
    block = config.block("webhooks")
    if not block:
        into.skipped = True
        into.gaps.append("no `webhooks` block")
        return
    if not block.get("register"):
        into.gaps.append("no webhooks.register: no outbound delivery is judged")
    elif not block.get("triggers"):
        into.gaps.append("no webhooks.triggers: no event is caused, deliveries stay unproven")
    if not block.get("inbound"):
        into.gaps.append("no inbound settings (webhooks.inbound): forgery and replay checks do not run")


def _events(config: Config, into: FamilyPreview) -> None:
    block = config.block("events")
    if not block:
        into.skipped = True
        into.gaps.append("no events transport (an `events` block: pusher or sse)")
    elif not block.get("triggers"):
        into.gaps.append("no events.triggers: streams are opened but no event is caused")


def _rate_limits(config: Config, into: FamilyPreview) -> None:
    probe = config.block("rate_limits").get("probe") or {}
    if config.target.mode == "production":
        into.gaps.append("production mode: the active probe never runs (headers are still judged)")
    elif not probe.get("principals"):
        into.gaps.append("no rate_limits.probe.principals: only headers are judged, never enforcement")


def _sdk(config: Config, into: FamilyPreview) -> None:
    if not config.block("sdk").get("baseline_spec"):
        into.gaps.append("no baseline spec (sdk.baseline_spec): breaking changes are not compared")


def render_preview(previews: list[FamilyPreview]) -> str:
    width = max(len(p.family) for p in previews)
    lines = ["coverage preview (from tenants.yaml and the spec; nothing sent):"]
    for item in previews:
        lines.append(f"  {item.family.ljust(width)}  {item.verdict}")
        lines += [f"  {' ' * width}    - {gap}" for gap in item.gaps]
    return "\n".join(lines)
