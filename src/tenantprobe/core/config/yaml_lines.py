"""Read YAML while remembering the line of every key, so errors can point at it."""

from __future__ import annotations

from typing import Any

import yaml

from tenantprobe.core.config.errors import ConfigError, Problem

KeyPath = tuple[str | int, ...]


def load_with_lines(text: str, source: str) -> tuple[Any, dict[KeyPath, int]]:
    """Parse ``text``; return the data and a map from key path to 1-based line."""
    lines: dict[KeyPath, int] = {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        return (None, {}) if node is None else (_build(node, (), lines, source), lines)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(
            source,
            [Problem((), f"is not valid YAML: {reason}", line, "fix the syntax at that line")],
        ) from None


def _build(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int], source: str) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            if key in result:
                raise ConfigError(
                    source,
                    [Problem(child, "appears twice", key_node.start_mark.line + 1, "keep one of them")],
                )
            lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, child, lines, source)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, index), lines, source) for index, item in enumerate(node.value)]
    return _SCALARS.construct_object(node, deep=True)


# Builds one scalar at a time from its node (re-serializing a node can yield text that no longer parses).
_SCALARS = yaml.SafeLoader("")
