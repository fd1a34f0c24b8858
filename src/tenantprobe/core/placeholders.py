"""``{name}`` placeholders in strings and JSON-like bodies: known ones are replaced, the rest kept."""

from __future__ import annotations

import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, values: dict[str, str]) -> str:
    """Replace the ``{name}`` placeholders that ``values`` knows; leave the others as they are."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), template)


def fill_body(body: Any, values: dict[str, str]) -> Any:
    """``fill`` applied to every string inside a JSON-like body."""
    if isinstance(body, str):
        return fill(body, values)
    if isinstance(body, list):
        return [fill_body(item, values) for item in body]
    if isinstance(body, dict):
        return {key: fill_body(value, values) for key, value in body.items()}
    return body


def placeholders(template: str) -> list[str]:
    """The names of the placeholders ``template`` holds, in order."""
    return _PLACEHOLDER.findall(template)
