"""Fill tenants.yaml templates: ``{receiver_url}``, ``{tenant_id}``, ``{order.id}`` and friends.

A string that is exactly one placeholder takes the value's own type (an integer id stays an integer);
placeholders inside longer strings are formatted as text.
"""

from __future__ import annotations

import re
from typing import Any

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}")


class TemplateError(KeyError):
    """A placeholder the template names but nothing provides."""

    def __str__(self) -> str:
        return str(self.args[0])


def lookup(values: dict[str, Any], name: str) -> Any:
    """``order.id`` reads ``values["order"]["id"]``; a missing name is a :class:`TemplateError`."""
    current: Any = values
    for part in name.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            known = ", ".join(sorted(values))
            raise TemplateError(f"placeholder `{{{name}}}` has no value here; known: {known}")
    return current


def fill(template: Any, values: dict[str, Any]) -> Any:
    """``template`` (a string, list or mapping) with every placeholder replaced."""
    if isinstance(template, str):
        whole = _PLACEHOLDER.fullmatch(template)
        if whole:
            return lookup(values, whole.group(1))
        return _PLACEHOLDER.sub(lambda match: str(lookup(values, match.group(1))), template)
    if isinstance(template, list):
        return [fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: fill(item, values) for key, item in template.items()}
    return template


def split_operation(operation: str) -> tuple[str, str]:
    """``"POST /api/hooks"`` -> ``("POST", "/api/hooks")``."""
    method, _, path = operation.strip().partition(" ")
    return method.upper(), path.strip()
