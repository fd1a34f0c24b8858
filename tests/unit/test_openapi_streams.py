"""Streaming operations found in a spec: the text/event-stream GETs and where their item schema is."""

from __future__ import annotations

from typing import Any

from tenantprobe.families.contract.streams import streaming_operations
from tenantprobe.openapi.operations import list_operations
from tenantprobe.openapi.streams import stream_operations

ITEM = {"$ref": "#/components/schemas/Event"}


def spec(media: dict[str, Any]) -> dict[str, Any]:
    stream = {
        "get": {"security": [{"t": []}], "responses": {"200": {"content": {"text/event-stream": media}}}}
    }
    listing = {"get": {"security": [{"t": []}], "responses": {"200": {"content": {"application/json": {}}}}}}
    return {"paths": {"/things": listing, "/feed": stream}, "components": {"schemas": {"Event": {}}}}


def test_the_item_schema_is_found_under_each_name_a_spec_gives_it() -> None:
    base = "/paths/~1feed/get/responses/200/content/text~1event-stream"
    cases = [
        ({"itemSchema": ITEM}, f"{base}/itemSchema"),
        ({"schema": {"type": "string"}, "x-item-schema": ITEM}, f"{base}/x-item-schema"),
        ({"schema": {"type": "object"}}, f"{base}/schema"),
        ({"schema": {"type": "string"}}, None),
    ]
    for media, pointer in cases:
        [found] = stream_operations(spec(media))
        assert (found.key, found.item_schema) == ("GET /feed", pointer)


def test_a_stream_is_not_a_list_and_schemathesis_judges_its_events_only_where_it_reads_their_schema() -> None:
    assert [op.key for op in list_operations(spec({}))] == ["GET /things"]
    assert streaming_operations(spec({"x-item-schema": ITEM})) == {"GET /feed": False}
    assert streaming_operations(spec({"itemSchema": ITEM})) == {"GET /feed": True}
