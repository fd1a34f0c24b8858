"""Hostile strings by place: headers get what HTTP can carry, the other places the Unicode classics."""

from __future__ import annotations

import unicodedata

import httpx
import pytest

from tenantprobe.families.contract.hostile import (
    HEADER_SAFE_STRINGS,
    HOSTILE_STRINGS,
    hostile_for,
    hostile_targets,
    in_every_segment,
    unicode_places,
)

SPEC = {
    "openapi": "3.1.0",
    "paths": {
        "/things": {
            "get": {
                "parameters": [
                    {"in": "query", "name": "q", "schema": {"type": "string"}},
                    {"in": "query", "name": "sort", "schema": {"type": "string", "enum": ["a", "b"]}},
                    {"in": "header", "name": "X-Trace", "schema": {"type": "string"}},
                ],
                "responses": {"200": {}},
            },
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "title": {"type": ["string", "null"]},
                                    "count": {"type": "integer"},
                                    "id": {"type": "string", "readOnly": True},
                                },
                            }
                        }
                    }
                },
                "responses": {"201": {}},
            },
        },
        "/things/{thing}": {
            "get": {
                "parameters": [
                    {"in": "path", "name": "thing", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {}},
            }
        },
    },
}


@pytest.mark.parametrize("place", ["header", "cookie"])
def test_header_values_keep_to_what_http_can_send(place: str) -> None:
    for value in hostile_for(place):
        httpx.Headers({"X-Probe": value})  # raises on what HTTP cannot carry
        assert value.isascii() and value.isprintable()


@pytest.mark.parametrize("place", ["query", "path", "body"])
def test_other_places_get_the_unicode_classics(place: str) -> None:
    values = hostile_for(place)
    assert set(HEADER_SAFE_STRINGS) < set(values)
    categories = {unicodedata.category(ch) for value in values for ch in value}
    assert {"Mn", "Cf", "Cc", "Lo"} <= categories  # combining marks, format (RTL, ZW), NUL, other letters
    assert any(ord(ch) > 0xFFFF for value in values for ch in value)  # astral characters
    assert "\x00" in "".join(values)
    assert max(len(value.encode()) for value in values) >= 4000


def test_every_query_path_and_body_string_is_named_but_no_header_or_enum() -> None:
    assert unicode_places(SPEC) == ["body.title", "path.thing", "query.q"]


def test_explicit_examples_go_to_each_place() -> None:
    targets = hostile_targets(SPEC)
    assert [(op.path, names) for op, names in targets.queries] == [("/things", ["q"])]
    assert [op.path for op in targets.paths] == ["/things/{thing}"]
    assert [op.key for op in targets.bodies] == ["POST /things"]
    assert in_every_segment(targets.paths[0], "a/b 🦄") == "/things/a%2Fb%20%F0%9F%A6%84"


def test_no_hostile_string_is_listed_twice() -> None:
    assert len(set(HOSTILE_STRINGS)) == len(HOSTILE_STRINGS)
