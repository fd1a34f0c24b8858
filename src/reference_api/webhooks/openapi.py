"""Placeholder; filled in below."""

from __future__ import annotations

from typing import Any


def extend_spec(spec: dict[str, Any], ctx: Any) -> None:
    return None
