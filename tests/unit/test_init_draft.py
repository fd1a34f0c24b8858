"""`tenantprobe init` on a spec it cannot fully read: every open question is a comment, nothing guessed;
answers are read as promised; an existing file is kept without --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tenantprobe.cli.main import main
from tenantprobe.reporting.draft.answers import AnswerError, tenants_from_flags
from tenantprobe.reporting.draft.lines import ASK
from tenantprobe.tenancy.identity_locate import locate_identity

# Basic auth, no identity operation, no tenant anywhere, no permission extension, no webhooks.
OPAQUE = {
    "openapi": "3.1.0",
    "info": {"title": "Opaque", "version": "1"},
    "components": {"securitySchemes": {"basic": {"type": "http", "scheme": "basic"}}},
    "security": [{"basic": []}],
    "paths": {
        "/widgets": {
            "get": {"responses": {"200": {"description": "ok"}}},
            "post": {"responses": {"201": {"description": "made"}}},
        },
        "/widgets/{widget_id}": {"get": {"responses": {"200": {"description": "ok"}}}},
    },
}


@pytest.fixture
def opaque_draft(tmp_path: Path) -> tuple[int, Path]:
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(OPAQUE), encoding="utf-8")
    out = tmp_path / "tenants.yaml"
    return main(["init", "--spec", str(spec), "--out", str(out)]), out


def test_a_spec_it_cannot_read_leaves_every_open_question_as_a_comment(
    opaque_draft: tuple[int, Path],
) -> None:
    code, out = opaque_draft
    text = out.read_text(encoding="utf-8")
    live = yaml.safe_load(text)
    assert code == 0
    # Nothing guessed: the keys the spec cannot answer are not live ...
    assert live["auth"] is None and live["identity"] is None and live["tenants"] is None
    assert "selector" not in (live["tenancy"] or {}) and "carrier" not in (live["tenancy"] or {})
    assert (live["permissions"] or {}).get("operations") is None
    # ... and each is asked for, in a comment saying what to fill in.
    asked = [line.strip() for line in text.splitlines() if ASK in line]
    questions = (
        "# carrier:",
        "# path:",
        "# tenant_id:",
        "# selector:",
        '# "GET /widgets":',
        '# "POST /widgets":',
    )
    for question in questions:
        assert any(line.startswith(question) for line in asked), question
    assert "basic (http)" in text  # why auth is open: the scheme it found
    # A line asking a question holds no value: commented out, or an empty block awaiting its keys.
    assert all(line.partition("#")[0].strip() in ("", "auth:", "identity:", "tenants:") for line in asked)


def test_init_keeps_an_existing_file_unless_forced(opaque_draft: tuple[int, Path], tmp_path: Path) -> None:
    _code, out = opaque_draft
    out.write_text("mine\n", encoding="utf-8")
    spec = str(tmp_path / "openapi.json")
    assert main(["init", "--spec", spec, "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert main(["init", "--spec", spec, "--out", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") != "mine\n"


def test_a_principal_flag_names_its_credential_variable() -> None:
    tenants = tenants_from_flags(["acme=acme-inc"], ["acme/viewer=viewer", "acme/ops=manager:${OPS_TOKEN}"])
    acme = tenants["acme"]
    assert acme.key == "acme-inc" and acme.admin_var == "ACME_ADMIN_TOKEN"
    assert [(p.name, p.role, p.token_var) for p in acme.principals] == [
        ("viewer", "viewer", "ACME_VIEWER_TOKEN"),
        ("ops", "manager", "OPS_TOKEN"),
    ]
    with pytest.raises(AnswerError, match="TENANT/NAME=ROLE"):
        tenants_from_flags([], ["viewer"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"user": {"id": 7}, "team": {"id": 1, "slug": "acme"}, "roles": [{"name": "viewer"}]},
            {"tenant_id": "/team/id", "tenant_key": "/team/slug", "user_id": "/user/id", "roles": "/roles"},
        ),
        (
            {"data": {"user": {"id": 7}, "organization": {"id": "o1", "key": "acme"}, "role": "viewer"}},
            {
                "tenant_id": "/data/organization/id",
                "tenant_key": "/data/organization/key",
                "roles": "/data/role",
            },
        ),
        (
            {"user": {"id": 7}, "memberships": [{"workspace": "acme", "role": "viewer"}]},
            {"memberships": {"items": "/memberships", "tenant": "/workspace", "role": "/role"}},
        ),
    ],
)
def test_identity_pointers_are_found_in_each_shape(
    body: dict[str, object], expected: dict[str, object]
) -> None:
    found = locate_identity(body, tenant_key="acme", role="viewer")
    assert {key: getattr(found, key) for key in expected} == expected
