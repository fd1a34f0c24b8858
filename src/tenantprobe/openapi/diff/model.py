"""What a spec diff yields: changes, each breaking or informational, named by rule."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Level = Literal["breaking", "info"]


@dataclass(frozen=True)
class Change:
    level: Level
    rule: str  # e.g. ``endpoint-removed``, ``new-required-request-property`` (oasdiff's vocabulary)
    operation: str  # ``GET /path`` or ``""`` for the whole document
    location: str  # where in the operation: ``response 200 body /data/items/status``
    message: str

    def asdict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SpecDiff:
    changes: list[Change] = field(default_factory=list)

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.level == "breaking"]

    @property
    def info(self) -> list[Change]:
        return [c for c in self.changes if c.level == "info"]

    def add(self, level: Level, rule: str, operation: str, location: str, message: str) -> None:
        self.changes.append(Change(level, rule, operation, location.strip(), message))
