"""Which configuration values are credentials, found by their place in tenants.yaml, not their key's name.

Only the values of credential fields are secrets: tokens, passwords, signing secrets, credential
headers. Names, slugs, app keys and every other value appear in reports as they are, whatever key
holds them. Each secret also brings the forms it travels in (basic auth, decoded signing keys).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from tenantprobe.core.redact import is_sensitive_header

ANY = "*"
# Paths to credential values; `*` matches one key or list index.
_PRINCIPAL_PLACES = (("tenants", ANY, "admin"), ("tenants", ANY, "principals", ANY))
_CREDENTIAL_FIELDS = ("token", "password")
_CREDENTIAL_PLACES: tuple[tuple[str, ...], ...] = (
    *((*place, name) for place in _PRINCIPAL_PLACES for name in _CREDENTIAL_FIELDS),
    ("rate_limits", "probe", "principals", ANY, "token"),
    ("webhooks", "secrets", ANY),
    ("webhooks", "secrets", ANY, ANY),
    ("webhooks", "inbound", "secrets", ANY),
    ("webhooks", "inbound", "secrets", ANY, ANY),
    ("events", "app_secret"),
)
# Headers a principal sends: secret when the header's name says it carries a credential.
_HEADER_PLACES = (*_PRINCIPAL_PLACES, ("rate_limits", "probe", "principals", ANY))
_STANDARD_WEBHOOK_PREFIX = "whsec_"


def _matches(path: tuple[str | int, ...], place: tuple[str, ...]) -> bool:
    return len(path) == len(place) and all(
        want == ANY or want == got for got, want in zip(path, place, strict=True)
    )


def is_credential_place(path: tuple[str | int, ...]) -> bool:
    """Whether the value at ``path`` in tenants.yaml is a credential."""
    if any(_matches(path, place) for place in _CREDENTIAL_PLACES):
        return True
    if len(path) >= 2 and path[-2] == "headers" and isinstance(path[-1], str):
        return is_sensitive_header(path[-1]) and any(_matches(path[:-2], place) for place in _HEADER_PLACES)
    return False


def _nodes(value: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nodes(item, (*path, index))


def derived_forms(secret: str) -> set[str]:
    """Other spellings of one secret a report could hold: a standard-webhooks key's decoded bytes."""
    forms = set()
    scheme, _, rest = secret.partition(" ")
    if rest and scheme.lower() in ("bearer", "basic", "token"):
        forms.add(rest.strip())
    if secret.startswith(_STANDARD_WEBHOOK_PREFIX):
        try:
            forms.add(base64.b64decode(secret.removeprefix(_STANDARD_WEBHOOK_PREFIX), validate=True).hex())
        except (binascii.Error, ValueError):
            pass
    return forms


def basic_auth(username: str, password: str) -> str:
    return base64.b64encode(f"{username}:{password}".encode()).decode()


def credential_values(data: dict[str, Any]) -> frozenset[str]:
    """Every credential of a substituted tenants.yaml document, with its derived forms."""
    found: set[str] = set()
    for path, value in _nodes(data):
        if isinstance(value, str) and value and is_credential_place(path):
            found |= {value, *derived_forms(value)}
        if isinstance(value, dict) and any(_matches(path, place) for place in _PRINCIPAL_PLACES):
            username, password = value.get("username"), value.get("password")
            if isinstance(username, str) and isinstance(password, str) and password:
                found.add(basic_auth(username, password))
    return frozenset(found)
