"""Configuration problems, each naming the file, the key path, the line and the fix."""

from __future__ import annotations

from dataclasses import dataclass


def format_path(path: tuple[str | int, ...]) -> str:
    if not path:
        return "(top level)"
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


@dataclass(frozen=True)
class Problem:
    path: tuple[str | int, ...]
    message: str
    line: int | None = None
    fix: str = ""

    def render(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        text = f"{where}: `{format_path(self.path)}` {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class ConfigError(Exception):
    """A tenants.yaml that cannot be used; carries every problem found, not just the first."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''} in the configuration"
        return "\n".join([head, *("  " + problem.render(self.source) for problem in self.problems)])
