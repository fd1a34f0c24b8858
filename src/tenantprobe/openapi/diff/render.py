"""A spec diff as text a person reads, or as JSON a pipeline reads."""

from __future__ import annotations

import json

from tenantprobe.openapi.diff.model import Change, SpecDiff


def _line(change: Change) -> str:
    where = " · ".join(part for part in (change.operation, change.location) if part)
    return f"  {change.rule} · {where}: {change.message}"


def render_text(diff: SpecDiff, base: str, current: str) -> str:
    lines = [f"spec diff {base} → {current}: {len(diff.breaking)} breaking, {len(diff.info)} info"]
    if diff.breaking:
        lines += ["", "breaking:"] + [_line(c) for c in diff.breaking]
    if diff.info:
        lines += ["", "info:"] + [_line(c) for c in diff.info]
    return "\n".join(lines)


def render_json(diff: SpecDiff, base: str, current: str) -> str:
    document = {
        "base": base,
        "current": current,
        "breaking": [c.asdict() for c in diff.breaking],
        "info": [c.asdict() for c in diff.info],
    }
    return json.dumps(document, indent=2)
