"""Compare two JSON Schemas at one place of an operation, in the direction data flows.

Requests: the client sends, so anything the server now refuses is breaking (new required fields,
removed enum values, narrowed types or bounds). Responses: the client reads, so anything it may no
longer get (removed fields, fields no longer required) or cannot parse (new types, new enum values
that generated enums reject) is breaking. Additions the other way are informational.
"""

from __future__ import annotations

from typing import Any, Literal

from tenantprobe.openapi.diff.model import Level, SpecDiff
from tenantprobe.openapi.refs import follow

Direction = Literal["request", "response"]
_MAX_DEPTH = 12
# Bounds whose increase narrows what is accepted (min*) and whose decrease does (max*).
_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")


def _properties_of(schema: dict[str, Any]) -> dict[str, Any]:
    value = schema.get("properties")
    return value if isinstance(value, dict) else {}


def types_of(schema: dict[str, Any]) -> set[str]:
    value = schema.get("type")
    types = {value} if isinstance(value, str) else set(value) if isinstance(value, list) else set()
    if schema.get("nullable") is True:
        types.add("null")
    if "integer" in types and "number" in types:
        types.discard("integer")
    return types


class SchemaComparer:
    def __init__(self, base_spec: dict[str, Any], current_spec: dict[str, Any], diff: SpecDiff) -> None:
        self.base_spec, self.current_spec, self.diff = base_spec, current_spec, diff

    def compare(
        self, base: Any, current: Any, direction: Direction, operation: str, where: str, depth: int = 0
    ) -> None:
        # One level at a time (not allOf-merged): the comparison walks the schemas side by side.
        base, current = follow(self.base_spec, base), follow(self.current_spec, current)
        if not isinstance(base, dict) or not isinstance(current, dict) or depth > _MAX_DEPTH:
            return
        self._types(base, current, direction, operation, where)
        self._enum(base, current, direction, operation, where)
        if direction == "request":
            self._bounds(base, current, operation, where)
        self._properties(base, current, direction, operation, where, depth)
        if "items" in base and "items" in current:
            self.compare(base["items"], current["items"], direction, operation, f"{where}/items", depth + 1)

    def _types(
        self, base: dict[str, Any], current: dict[str, Any], direction: Direction, op: str, at: str
    ) -> None:
        old, new = types_of(base), types_of(current)
        if not old or not new or old == new:
            return
        widened_from = old <= new or ("number" in new and old <= new | {"integer"})
        if direction == "request" and not widened_from:
            self.diff.add(
                "breaking",
                "request-property-type-changed",
                op,
                at,
                f"type narrowed from {sorted(old)} to {sorted(new)}: requests valid before are refused",
            )
        elif direction == "response" and not (new <= old):
            self.diff.add(
                "breaking",
                "response-property-type-changed",
                op,
                at,
                f"type changed from {sorted(old)} to {sorted(new)}: clients may get values they cannot parse",
            )
        else:
            self.diff.add(
                "info",
                f"{direction}-property-type-changed",
                op,
                at,
                f"type changed from {sorted(old)} to {sorted(new)} (compatible)",
            )

    def _enum(
        self, base: dict[str, Any], current: dict[str, Any], direction: Direction, op: str, at: str
    ) -> None:
        old, new = base.get("enum"), current.get("enum")
        if not isinstance(old, list) or not isinstance(new, list):
            if isinstance(new, list) and not isinstance(old, list) and direction == "request":
                self.diff.add(
                    "breaking",
                    "request-property-enum-added",
                    op,
                    at,
                    f"now limited to {new}: other values sent before are refused",
                )
            return
        removed = [v for v in old if v not in new]
        added = [v for v in new if v not in old]
        if removed:
            level: Level = "breaking" if direction == "request" else "info"
            self.diff.add(
                level, f"{direction}-property-enum-value-removed", op, at, f"enum values removed: {removed}"
            )
        if added:
            level = "breaking" if direction == "response" else "info"
            why = ": generated clients with strict enums reject the new values" if level == "breaking" else ""
            self.diff.add(
                level, f"{direction}-property-enum-value-added", op, at, f"enum values added: {added}{why}"
            )

    def _bounds(self, base: dict[str, Any], current: dict[str, Any], op: str, at: str) -> None:
        for key in _LOWER_BOUNDS + _UPPER_BOUNDS:
            old, new = base.get(key), current.get(key)
            if not isinstance(new, (int, float)) or isinstance(new, bool):
                continue
            narrowed = old is None or (
                isinstance(old, (int, float)) and (new > old if key in _LOWER_BOUNDS else new < old)
            )
            if narrowed:
                self.diff.add(
                    "breaking",
                    "request-property-bound-narrowed",
                    op,
                    at,
                    f"`{key}` {'added as' if old is None else f'changed from {old} to'} {new}",
                )
        if isinstance(current.get("pattern"), str) and current.get("pattern") != base.get("pattern"):
            self.diff.add(
                "breaking",
                "request-property-pattern-changed",
                op,
                at,
                f"`pattern` changed to `{current['pattern']}`",
            )

    def _properties(
        self,
        base: dict[str, Any],
        current: dict[str, Any],
        direction: Direction,
        op: str,
        at: str,
        depth: int,
    ) -> None:
        old_props = _properties_of(base)
        new_props = _properties_of(current)
        old_req, new_req = set(base.get("required") or ()), set(current.get("required") or ())
        for name in old_props:
            if name not in new_props:
                if direction == "response":
                    self.diff.add(
                        "breaking",
                        "response-property-removed",
                        op,
                        f"{at}/{name}",
                        f"field `{name}` removed: clients reading it break",
                    )
                else:
                    self.diff.add(
                        "info", "request-property-removed", op, f"{at}/{name}", f"field `{name}` removed"
                    )
                continue
            self.compare(old_props[name], new_props[name], direction, op, f"{at}/{name}", depth + 1)
        for name in new_props:
            if name in old_props:
                continue
            if direction == "request" and name in new_req:
                self.diff.add(
                    "breaking",
                    "new-required-request-property",
                    op,
                    f"{at}/{name}",
                    f"new required field `{name}`: requests without it are refused",
                )
            else:
                self.diff.add(
                    "info", f"new-{direction}-property", op, f"{at}/{name}", f"field `{name}` added"
                )
        for name in sorted((new_req - old_req) & set(old_props)):
            if direction == "request":
                self.diff.add(
                    "breaking",
                    "request-property-became-required",
                    op,
                    f"{at}/{name}",
                    f"field `{name}` is now required",
                )
        for name in sorted((old_req - new_req) & set(new_props)):
            if direction == "response":
                self.diff.add(
                    "breaking",
                    "response-property-became-optional",
                    op,
                    f"{at}/{name}",
                    f"field `{name}` is no longer always returned",
                )
