"""Canary bodies and the spec reading behind them: valid bodies, strings carrying the marker."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tenantprobe.core.ledger import Created, CreatedObjects
from tenantprobe.core.state import RunState
from tenantprobe.openapi.bodies import build_body
from tenantprobe.openapi.operations import (
    collection_for_field,
    create_operations,
    fill_path,
    item_path,
    list_operations,
    operations,
)
from tenantprobe.tenancy.canaries import CanarySet, new_canary
from tenantprobe.tenancy.cleanup import remove_created

URL = "http://target.test"
SPEC: dict[str, Any] = {
    "security": [{"token": []}],
    "paths": {
        "/open": {"get": {"security": [], "responses": {"200": {}}}},
        "/widgets": {
            "get": {"responses": {"200": {}}},
            "post": {
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/W"}}}
                },
                "responses": {"201": {}},
            },
        },
        "/widgets/{widget_id}": {"get": {}, "delete": {}},
        "/widgets/{widget_id}/spin": {"post": {"responses": {"200": {}}}},
        "/categories": {"get": {"responses": {"200": {}}}},
    },
    "components": {
        "schemas": {
            "W": {
                "type": "object",
                "required": ["name", "email", "size", "category_id", "due"],
                "properties": {
                    "name": {"type": "string", "maxLength": 40},
                    "email": {"type": "string", "pattern": "^[^@]+@[^@]+$"},
                    "notes": {"type": ["string", "null"]},
                    "size": {"type": "integer", "exclusiveMinimum": 0, "maximum": 9},
                    "kind": {"enum": ["a", "b"]},
                    "category_id": {"type": "integer"},
                    "due": {"type": "string", "format": "date"},
                    "owner_tenant": {"type": "integer"},
                },
                "additionalProperties": False,
            }
        }
    },
}


def test_a_canary_names_its_tenant_and_is_unique() -> None:
    first, second = new_canary("tp", "acme"), new_canary("tp", "acme")
    assert re.fullmatch(r"tp-acme-[0-9a-f]{8}", first) and first != second


def test_create_and_list_operations_come_from_the_spec() -> None:
    assert [op.key for op in create_operations(SPEC)] == ["POST /widgets"]
    assert [op.key for op in list_operations(SPEC)] == ["GET /widgets", "GET /categories"]
    spin = next(op for op in operations(SPEC) if op.key == "POST /widgets/{widget_id}/spin")
    assert spin.collection == "/widgets" and spin.params == ["widget_id"]
    assert item_path(SPEC, "/widgets") == "/widgets/{widget_id}"
    assert fill_path("/widgets/{widget_id}/spin", {"widget_id": "7"}) == "/widgets/7/spin"


def test_reference_fields_find_their_collection_in_plural_forms() -> None:
    collections = ["/api/categories", "/api/boxes", "/api/widgets"]
    assert collection_for_field(collections, "category_id") == "/api/categories"
    assert collection_for_field(collections, "box_id") == "/api/boxes"
    assert collection_for_field(collections, "widget_id") == "/api/widgets"
    assert collection_for_field(collections, "gizmo_id") is None


def test_a_canary_body_is_valid_and_carries_the_marker_in_every_free_string() -> None:
    schema = SPEC["components"]["schemas"]["W"]
    body = build_body(
        SPEC, schema, lambda _name: "tp-acme-0123abcd", lambda name: 42, skip=frozenset({"owner_tenant"})
    )
    assert body["name"] == "tp-acme-0123abcd" and body["notes"] == "tp-acme-0123abcd"
    assert body["email"] == "tp-acme-0123abcd@example.test"
    assert body["size"] == 1 and body["category_id"] == 42
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", body["due"])
    assert "owner_tenant" not in body and "kind" not in body


def test_canary_ids_are_kept_per_tenant_and_collection_without_duplicates() -> None:
    found = CanarySet()
    found.add("acme", "/widgets", "1")
    found.add("acme", "/widgets", "1")
    found.add("globex", "/widgets", "2")
    assert found.ids_of("acme", "/widgets") == ["1"] and found.ids_of("acme", "/other") == []


def _config_and_admins() -> tuple[Any, dict[str, Any]]:
    from pathlib import Path

    from tenantprobe.core.config.model import Auth, Config, Credentials, Principal, Target, Tenant

    admins = {name: Principal(name, "admin", "admin", Credentials(token=f"{name}-token"), is_admin=True)
              for name in ("acme", "globex")}  # fmt: skip
    tenants = {name: Tenant(name, name, {}, admin, ()) for name, admin in admins.items()}
    config = Config(Path("tenants.yaml"), Target("http://target.test", "/spec"), Auth("bearer"), tenants)
    return config, admins


def test_removal_deletes_everything_the_ledger_holds_newest_first_and_only_once() -> None:
    seen: list[tuple[str, str, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.path, request.headers["Authorization"]))
        return httpx.Response(404 if request.url.path.endswith("/gone") else 204)

    config, _ = _config_and_admins()
    spec = {**SPEC, "paths": {**SPEC["paths"], "/notes": {"post": {}}}}
    state = RunState(config=config, base_url="http://target.test", spec=spec, spec_sha256="")
    ledger = CreatedObjects()
    ledger.items += [Created("acme", f"{URL}/widgets", "1"), Created("acme", f"{URL}/notes", "3")]
    ledger.mark_canary("globex", f"{URL}/widgets", "gone", "/widgets")  # a canary: the same ledger
    ledger.mark_canary("acme", f"{URL}/widgets", "1", "/widgets")  # the client noted it first
    assert [c.id for c in ledger.canaries()] == ["1", "gone"] and len(ledger.items) == 3
    problems = remove_created(state, ledger, httpx.MockTransport(answer))
    assert seen == [
        ("DELETE", "/widgets/gone", "Bearer globex-token"),
        ("DELETE", "/widgets/1", "Bearer acme-token"),
    ]
    assert [item.line() for item in problems] == ["POST /notes id 3 (acme): the spec has no DELETE for it"]
    assert remove_created(state, ledger, httpx.MockTransport(answer)) == [] and len(seen) == 2


@pytest.mark.parametrize(("status", "listed"), [(404, []), (410, []), (200, ["3"]), (503, ["3"])])
def test_an_undeletable_object_read_as_gone_after_removal_is_not_listed(
    status: int, listed: list[str]
) -> None:
    """Deleting what it belonged to may take it along (a cascade): only what is still there stays listed."""
    seen: list[tuple[str, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append((request.method, request.url.path))
        return httpx.Response(status if request.method == "GET" else 204)

    config, _ = _config_and_admins()
    spec = {**SPEC, "paths": {**SPEC["paths"], "/notes": {"post": {}}, "/notes/{note_id}": {"get": {}}}}
    state = RunState(config=config, base_url="http://target.test", spec=spec, spec_sha256="")
    ledger = CreatedObjects()
    ledger.items += [Created("acme", f"{URL}/widgets", "1"), Created("acme", f"{URL}/notes", "3")]
    problems = remove_created(state, ledger, httpx.MockTransport(answer))
    assert seen == [("DELETE", "/widgets/1"), ("GET", "/notes/3")]  # read after every removal
    assert [item.id for item in problems] == listed
