"""JSON Pointer tokens (RFC 6901): one escape and one unescape for every pointer the harness uses."""

from __future__ import annotations


def escape(token: str) -> str:
    """``a/b~c`` as one pointer token: ``a~1b~0c``."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """A pointer token back to the key it names."""
    return token.replace("~1", "/").replace("~0", "~")
