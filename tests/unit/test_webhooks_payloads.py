"""Webhook payload schemas found in a spec's `webhooks` (3.1) and `callbacks`."""

from __future__ import annotations

from typing import Any

import pytest

from tenantprobe.families.webhooks.payloads import PayloadSchemas, declared_headers
from tenantprobe.families.webhooks.providers import SCHEMES, scheme_for_headers

CUSTOMER = {
    "type": "object",
    "required": ["id", "type"],
    "properties": {"id": {"type": "string"}, "type": {"const": "customer.created"}},
}


def body(ref: str) -> dict[str, Any]:
    return {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": ref}}}}}}


def test_webhooks_section_resolves_component_references() -> None:
    spec = {
        "openapi": "3.1.0",
        "webhooks": {"customer.created": body("#/components/schemas/CustomerEvent")},
        "components": {"schemas": {"CustomerEvent": CUSTOMER}},
    }
    schemas = PayloadSchemas(spec)
    assert schemas.declared
    assert schemas.problem("customer.created", {"id": "evt_1", "type": "customer.created"}) is None
    assert "'id' is a required property" in str(
        schemas.problem("customer.created", {"type": "customer.created"})
    )
    assert schemas.problem("invoice.paid", {}) is None  # nothing declared for that event


def test_a_single_callback_of_the_registering_operation_covers_every_event() -> None:
    callback = {"{$request.body#/url}": body("#/components/schemas/CustomerEvent")}
    spec = {
        "paths": {"/hooks": {"post": {"callbacks": {"event": callback}}}},
        "components": {"schemas": {"CustomerEvent": CUSTOMER}},
    }
    schemas = PayloadSchemas(spec, "POST /hooks")
    assert schemas.declared
    assert "at `/id`" in str(schemas.problem("anything", {"id": 5, "type": "customer.created"}))


def test_a_spec_without_webhooks_declares_nothing() -> None:
    assert not PayloadSchemas({"paths": {}}, "POST /hooks").declared


def header(name: str) -> dict[str, str]:
    return {"name": name, "in": "header"}


@pytest.mark.parametrize("name", SCHEMES)
def test_auto_finds_the_scheme_whose_signature_header_the_spec_declares(name: str) -> None:
    spec = {
        "webhooks": {"a.b": {"post": {"parameters": [header("x-id"), header(SCHEMES[name].header.lower())]}}}
    }
    assert scheme_for_headers(declared_headers(spec)) == SCHEMES[name]


def test_auto_reads_an_operations_own_and_path_level_headers() -> None:
    spec = {"paths": {"/in": {"parameters": [header("Stripe-Signature")], "post": {"parameters": []}}}}
    assert scheme_for_headers(declared_headers(spec, "POST /in")) == SCHEMES["stripe"]
    assert scheme_for_headers(declared_headers({"paths": {}}, "POST /in")) is None
