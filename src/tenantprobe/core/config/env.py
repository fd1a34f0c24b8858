"""``${VAR}`` and ``${VAR:-default}`` references, filled from the environment and an env file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tenantprobe.core.config.errors import Problem

_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def read_env_file(path: Path) -> dict[str, str]:
    """Parse KEY=VALUE lines; blank lines and ``#`` comments are skipped."""
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        values[key] = value.strip().strip('"').strip("'")
    return values


class Substitution:
    """Fills references in a parsed document; collects unset variables."""

    def __init__(self, env: Mapping[str, str], lines: Mapping[tuple[str | int, ...], int]) -> None:
        self._env = env
        self._lines = lines
        self.problems: list[Problem] = []

    def apply(self, value: Any, path: tuple[str | int, ...] = ()) -> Any:
        if isinstance(value, dict):
            return {key: self.apply(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.apply(item, (*path, index)) for index, item in enumerate(value)]
        if not isinstance(value, str):
            return value
        return _REFERENCE.sub(lambda match: self._resolve(match, path), value)

    def _resolve(self, match: re.Match[str], path: tuple[str | int, ...]) -> str:
        name, default = match.group(1), match.group(2)
        if name in self._env:
            return self._env[name]
        if default is not None:
            return default
        self.problems.append(
            Problem(
                path,
                f"references ${{{name}}}, which is not set",
                self._lines.get(path),
                f"export {name}=... (or add it to target.env_file, or write ${{{name}:-default}})",
            )
        )
        return ""
