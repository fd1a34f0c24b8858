"""Keep credentials out of every output: they are shown as ``[Filtered]``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

FILTERED = "[Filtered]"
# Header names whose values are credentials whatever the target calls them.
_SENSITIVE_HEADER_PARTS = ("authorization", "cookie", "api-key", "apikey", "token", "secret", "password")


def is_sensitive_header(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in _SENSITIVE_HEADER_PARTS)


class Redactor:
    """Replaces known secret values anywhere in text and sensitive headers entirely."""

    def __init__(self, secrets: Iterable[str] = (), extra_headers: Iterable[str] = ()) -> None:
        # Longest first so a secret that contains another is replaced whole.
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
        self._extra_headers = {name.lower() for name in extra_headers}

    def add(self, *secrets: str) -> None:
        self._secrets = sorted(
            {*self._secrets, *(s for s in secrets if s and len(s) >= 4)}, key=len, reverse=True
        )

    def text(self, value: str) -> str:
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, FILTERED)
        return value

    def data(self, value: bytes) -> bytes:
        """The same for a file's bytes, including secrets as JSON escapes them."""
        for secret in self._secrets:
            for form in {secret, json.dumps(secret)[1:-1]}:
                encoded = form.encode("utf-8", "surrogateescape")
                if encoded in value:
                    value = value.replace(encoded, FILTERED.encode())
        return value

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            name: FILTERED
            if is_sensitive_header(name) or name.lower() in self._extra_headers
            else self.text(value)
            for name, value in headers.items()
        }


_ACTIVE = Redactor()


def active_redactor() -> Redactor:
    """The process-wide redactor, filled with the configuration's secrets at start-up."""
    return _ACTIVE


def install_secrets(secrets: Iterable[str], extra_headers: Iterable[str] = ()) -> Redactor:
    global _ACTIVE
    _ACTIVE = Redactor(secrets, extra_headers)
    return _ACTIVE
