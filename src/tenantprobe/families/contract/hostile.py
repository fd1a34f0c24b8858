"""Strings real users type and naive code mishandles, by the place a request carries them.

Headers travel as Latin-1 and refuse control characters, so they get the ASCII strings only
(quoting, escaping, injection). Bodies, query strings and path segments also get the Unicode
classics that break encodings, collations and logging: non-ASCII letters, emoji and astral
characters, combining marks, right-to-left and zero-width characters, NUL, very long strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from tenantprobe.openapi.operations import (
    Operation,
    create_operations,
    fill_path,
    json_body_schema,
    operations,
    parameters,
)
from tenantprobe.openapi.schemas import resolve

HEADER_SAFE_STRINGS = (
    "'", '"', "O'Brien", "%", "_", "\\", "' OR '1'='1", "1;--", "<script>alert(1)</script>",
    "../../etc/passwd", "${jndi:ldap://x}", "{{7*7}}",
)  # fmt: skip
UNICODE_STRINGS = (
    "Zoë Ångström-Ødegård",  # Latin letters with diacritics
    "Ωμέγα Кириллица 中文 日本語 한국어",  # other scripts
    "🦄",  # an emoji (astral plane, a surrogate pair in UTF-16)
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 𠜎",  # astral letters and a CJK extension ideograph
    "👩‍👩‍👧‍👦",  # one grapheme of seven code points (zero-width joiners)
    "e\u0301\u0301\u0301",  # stacked combining marks
    "\u202egnp.exe",  # a right-to-left override
    "مرحبا بالعالم",  # right-to-left text
    "zero\u200bwidth\u200c\u200d\ufeff",  # zero-width characters and a byte-order mark
    "nul\x00byte",  # NUL
    "Ω" * 2000,  # a long string, 4000 bytes of UTF-8
)
HOSTILE_STRINGS = HEADER_SAFE_STRINGS + UNICODE_STRINGS
# Places a dictionary binding can name in the spec: header values are never among them.
UNICODE_PLACES = ("query", "path")
_BODY_SEGMENT = re.compile(r"^[A-Za-z0-9_-]+$")


def hostile_for(place: str) -> tuple[str, ...]:
    """The strings a request may carry in ``place`` (header, cookie, query, path or body)."""
    return HEADER_SAFE_STRINGS if place in ("header", "cookie") else HOSTILE_STRINGS


def plain_string(spec: dict[str, Any], schema: Any) -> bool:
    """A free-text string (no enum): the kind of value a hostile string can stand in for."""
    resolved = resolve(spec, schema)
    kind = resolved.get("type")
    is_string = kind == "string" or (isinstance(kind, list) and "string" in kind)
    return is_string and "enum" not in resolved and "const" not in resolved


def body_string_fields(spec: dict[str, Any], operation: Any) -> list[str]:
    """Top-level free-text properties of an operation's JSON body."""
    schema = json_body_schema(spec, operation) or {}
    return [
        name
        for name, prop in (schema.get("properties") or {}).items()
        if plain_string(spec, prop) and not resolve(spec, prop).get("readOnly")
    ]


def unicode_places(spec: dict[str, Any]) -> list[str]:
    """Every query, path and body string of the spec as a dictionary binding key (``query.q``)."""
    found: set[str] = set()
    for operation in operations(spec):
        for parameter in parameters(spec, operation):
            if parameter.get("in") in UNICODE_PLACES and plain_string(spec, parameter.get("schema")):
                found.add(f"{parameter['in']}.{parameter['name']}")
        found |= {f"body.{name}" for name in body_string_fields(spec, operation) if _BODY_SEGMENT.match(name)}
    return sorted(found)


@dataclass(frozen=True)
class HostileTargets:
    """Where the explicit examples go: each hostile string once per place."""

    queries: list[tuple[Operation, list[str]]]  # GETs without path parameters, their string parameters
    paths: list[Operation]  # GETs with path parameters
    bodies: list[Operation]  # creates with free-text fields


def hostile_targets(spec: dict[str, Any]) -> HostileTargets:
    gets = [op for op in operations(spec) if op.method == "GET"]
    queries = []
    for operation in gets:
        names = [
            str(p["name"])
            for p in parameters(spec, operation)
            if p.get("in") == "query" and plain_string(spec, p.get("schema"))
        ]
        if names and not operation.params:
            queries.append((operation, names))
    bodies = [op for op in create_operations(spec) if body_string_fields(spec, op)]
    return HostileTargets(queries, [op for op in gets if op.params], bodies)


def in_every_segment(operation: Operation, value: str) -> str:
    """The operation's path with ``value`` (percent-encoded) in each path parameter."""
    return fill_path(operation.path, {name: quote(value, safe="") for name in operation.params})
