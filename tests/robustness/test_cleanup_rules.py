"""What the run may send in each mode, and how a creation is noted for removal (fast, no server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tenantprobe import Config, RunState
from tenantprobe.core import ledger
from tenantprobe.core.config import Carrier, load_config
from tenantprobe.core.ledger import generated_request_allowed, note_created
from tenantprobe.openapi.operations import spec_template
from tenantprobe.tenancy.cleanup import deletion_of
from tests.robustness.targets import write_config

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "paths": {
        "/v1/things": {"get": {}, "post": {}},
        "/v1/things/{thing_id}": {"get": {}, "patch": {}, "delete": {}},
        "/v1/notes": {"post": {}},
        "/v1/notes/{note_id}": {"get": {}},
        "/v1/settings": {"patch": {}},
    },
}


def config(tmp_path: Path, **target: Any) -> Config:
    return load_config(write_config(tmp_path, "http://127.0.0.1:9", **target))


@pytest.mark.parametrize(
    ("mode", "method", "path", "allowed"),
    [
        ("local", "DELETE", "/v1/things/{thing_id}", True),
        ("staging", "GET", "/v1/things/{thing_id}", True),
        ("staging", "POST", "/v1/things", True),
        ("staging", "PATCH", "/v1/things/{thing_id}", False),
        ("staging", "DELETE", "/v1/things/{thing_id}", False),
        ("staging", "PATCH", "/v1/settings", False),
        ("production", "POST", "/v1/things", False),
        ("production", "HEAD", "/v1/things", True),
    ],
)
def test_generated_requests_touch_only_what_the_mode_allows(
    tmp_path: Path, mode: str, method: str, path: str, allowed: bool
) -> None:
    extra = {"confirm_production": True} if mode == "production" else {}
    assert generated_request_allowed(config(tmp_path, mode=mode, **extra), method, path) is allowed


def test_production_allows_what_tenants_yaml_lists(tmp_path: Path) -> None:
    settings = config(
        tmp_path, mode="production", confirm_production=True, allow_in_production=["POST /v1/things"]
    )
    assert generated_request_allowed(settings, "post", "/v1/things")
    assert not generated_request_allowed(settings, "POST", "/v1/notes")


def test_a_concrete_url_maps_to_its_spec_path_under_a_base_path() -> None:
    assert spec_template(SPEC, "http://h", "http://h/v1/things/42?x=1") == "/v1/things/{thing_id}"
    assert spec_template(SPEC, "http://h/v1", "http://h/v1/things") == "/v1/things"
    assert spec_template(SPEC, "http://h", "http://h/v2/other") is None


def test_a_creation_is_noted_with_its_delete_path_and_only_2xx_posts_count(tmp_path: Path) -> None:
    settings = config(tmp_path)
    state = RunState(config=settings, base_url="http://h", spec=SPEC, spec_sha256="")
    red = settings.principals()[0]
    noted = len(ledger.CREATED.items)
    try:
        note_created(state, red, "POST", "http://h/v1/things", 201, {"id": 7})
        note_created(state, red, "POST", "http://h/v1/notes", 201, {"id": "n-1"})
        note_created(state, red, "POST", "http://h/v1/things", 422, {"id": 8})  # refused: nothing created
        note_created(state, red, "PATCH", "http://h/v1/things/7", 200, {"id": 7})  # not a creation
        note_created(state, red, "POST", "http://h/v1/things", 201, ["not", "an", "object"])
        added = ledger.CREATED.items[noted:]
        deletions = [deletion_of(state, created) for created in added]
        assert [(d.tenant, d.id, d.delete_path) for d in deletions if d is not None] == [
            ("red", "7", "/v1/things/7"),
            ("red", "n-1", None),  # the spec has no DELETE for notes: named at the end, not deleted
        ]
    finally:
        del ledger.CREATED.items[noted:]  # nothing to remove at this process's exit


@pytest.mark.parametrize(
    ("path", "carrier", "allowed"),
    [
        ("/orgs/{org}/things", Carrier("path", "org"), True),
        ("/orgs/{org}/things/{thing_id}/void", Carrier("path", "org"), False),
        ("/orgs/{org}/things", None, False),  # {org} is no tenant here: it names an object
        ("/orgs/{org}/things", Carrier("header", "X-Org"), False),
    ],
)
def test_staging_creates_under_the_tenant_path(
    tmp_path: Path, path: str, carrier: Carrier | None, allowed: bool
) -> None:
    assert generated_request_allowed(config(tmp_path, mode="staging"), "POST", path, carrier) is allowed
