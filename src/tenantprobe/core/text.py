"""Text shown in findings and reasons: long values cut, with the cut marked."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """``text`` when it has at most ``limit`` characters, else its first ``limit`` and an ellipsis."""
    return text if len(text) <= limit else text[:limit] + "…"
