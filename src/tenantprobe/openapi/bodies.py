"""Valid request bodies built from a JSON Schema, with chosen strings and references.

The suites need bodies a correct server accepts (so a refusal means what it should), with every
string field carrying a canary and every reference field naming an object of a chosen tenant.
Hypothesis would find valid bodies too, but a deterministic minimal body keeps each probe to one
request and its finding reproducible.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tenantprobe.openapi.schemas import enum_of, first_option, main_type, resolve

StringFor = Callable[[str], str]  # field name -> a string carrying a canary
RefFor = Callable[[str], Any]  # id field name -> an id to use, or None when unknown


def build_body(
    spec: dict[str, Any],
    schema: dict[str, Any],
    strings: StringFor,
    refs: RefFor,
    *,
    id_patterns: tuple[str, ...] = ("id", "*_id"),
    skip: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Required properties plus every optional plain string (to carry canaries); ``skip`` left out."""
    schema = resolve(spec, schema)
    body: dict[str, Any] = {}
    required = set(schema.get("required", []))
    for name, raw in (schema.get("properties") or {}).items():
        prop = resolve(spec, raw)
        if name in skip or prop.get("readOnly"):
            continue
        is_ref = any(fnmatch.fnmatchcase(name, pattern) for pattern in id_patterns)
        if is_ref:
            if name in required:
                body[name] = refs(name)
            continue
        kind = main_type(spec, prop)
        if name in required or (kind == "string" and enum_of(spec, prop) is None and not prop.get("format")):
            body[name] = value_for(spec, name, prop, strings, refs)
    return body


def value_for(spec: dict[str, Any], name: str, prop: dict[str, Any], strings: StringFor, refs: RefFor) -> Any:
    prop = resolve(spec, prop)
    values = enum_of(spec, prop)
    if values:
        return values[0]
    option = first_option(spec, prop)
    if option is not None:
        return value_for(spec, name, option, strings, refs)
    kind = main_type(spec, prop)
    if kind == "string":
        return _string(name, prop, strings)
    if kind in ("integer", "number"):
        return _number(prop, kind)
    if kind == "boolean":
        return False
    if kind == "array":
        count = int(prop.get("minItems", 0))
        return [value_for(spec, name, prop.get("items") or {}, strings, refs) for _ in range(count)]
    if kind == "object":
        return build_body(spec, prop, strings, refs)
    return None


def _string(name: str, prop: dict[str, Any], strings: StringFor) -> str:
    fmt = prop.get("format", "")
    if fmt == "date":
        return (date.today() + timedelta(days=30)).isoformat()
    if fmt == "date-time":
        return datetime.now(UTC).replace(microsecond=0).isoformat()
    if fmt in ("uri", "url", "iri"):
        return f"https://{strings(name)}.example.test/"
    if fmt == "email" or "@" in str(prop.get("pattern", "")):
        return f"{strings(name)}@example.test"
    if fmt == "uuid":
        return "00000000-0000-4000-8000-000000000000"
    text = strings(name)
    max_length = prop.get("maxLength")
    return text[: int(max_length)] if max_length else text


def _number(prop: dict[str, Any], kind: str) -> int | float:
    low = prop.get("minimum", 1)
    if "exclusiveMinimum" in prop and not isinstance(prop["exclusiveMinimum"], bool):
        low = max(low, prop["exclusiveMinimum"] + 1)
    value = max(low, 1)
    if "maximum" in prop:
        value = min(value, prop["maximum"])
    if prop.get("multipleOf"):
        value = prop["multipleOf"] * max(1, round(value / prop["multipleOf"]))
    return int(value) if kind == "integer" else float(value)
