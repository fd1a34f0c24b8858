"""A YAML document written line by line, so every key can carry the comment that says where it came from.

``key`` writes a value found (its evidence as a trailing comment); ``ask`` writes an open question: the
key commented out, with ``FILL IN:`` and what to put there. A draft never holds a live key whose value
was guessed.
"""

from __future__ import annotations

from typing import Any

import yaml

ASK = "FILL IN:"


def flow(value: Any) -> str:
    """One YAML value on one line (``{in: header, name: X-Tenant}``, ``"${TOKEN}"``)."""
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, sort_keys=False).strip()
    return text.removesuffix("...").strip()


class Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def comment(self, text: str, indent: int = 0) -> None:
        for part in text.splitlines() or [""]:
            self.lines.append(" " * indent + ("# " + part if part else "#"))

    def blank(self) -> None:
        self.lines.append("")

    def block(self, name: str, indent: int = 0, why: str | None = None) -> None:
        self.lines.append(" " * indent + f"{name}:" + (f"  # {why}" if why else ""))

    def key(self, name: str, value: Any, indent: int = 0, why: str | None = None) -> None:
        self.lines.append(" " * indent + f"{name}: {flow(value)}" + (f"  # {why}" if why else ""))

    def ask(self, name: str, hint: str, indent: int = 0, example: Any = None) -> None:
        """An open question: the key commented out, an example value when one helps, and what to fill in."""
        shown = f" {flow(example)}" if example is not None else ""
        self.lines.append(" " * indent + f"# {name}:{shown}  # {ASK} {hint}")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"
