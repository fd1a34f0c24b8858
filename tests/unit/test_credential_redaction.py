"""Only credentials are secrets: found by their place in tenants.yaml, with the forms they travel in."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tenantprobe.core.config import load_config
from tenantprobe.core.redact import FILTERED, Redactor
from tenantprobe.reporting.scrub import scrub_tree

ALPHABET = "abcdefghijkl"
SLUGS = [ALPHABET[:length] for length in range(1, 13)]


def document(slug: str) -> str:
    return f"""\
version: 1
target:
  base_url: http://127.0.0.1:9
  spec: /openapi.json
  env_file: demo.env
auth:
  carrier: bearer
tenants:
  {slug}:
    key: {slug}
    admin: {{token: "${{ADMIN_TOKEN}}"}}
    principals:
      viewer: {{role: viewer, token: "literal-viewer-token-1234"}}
      clerk: {{role: viewer, username: "clerk@{slug}.test", password: "${{CLERK_PASSWORD}}",
               headers: {{X-Api-Key: "${{CLERK_API_KEY}}", X-Tenant: "{slug}"}}}}
events:
  app_key: public-app-key-{slug}
  app_secret: "${{APP_SECRET}}"
  auth: {{path: /broadcasting/auth}}
  channels: {{private: "private-team.{{tenant_id}}"}}
webhooks:
  inbound:
    operation: POST /hooks/{{tenant_id}}
    secrets: {{{slug}: ["${{PAYMENT_SECRET}}"]}}
    body: {{id: "{{event_id}}"}}
"""


SIGNING_KEY = bytes(range(24))
ENV = {
    "ADMIN_TOKEN": "1|admin-token-value",
    "CLERK_PASSWORD": "correct horse",
    "CLERK_API_KEY": "ak_live_0123456789",
    "APP_SECRET": "pusher-app-secret",
    "PAYMENT_SECRET": "whsec_" + base64.b64encode(SIGNING_KEY).decode(),
}


def load(tmp_path: Path, slug: str) -> frozenset[str]:
    (tmp_path / "demo.env").write_text("\n".join(f"{k}='{v}'" for k, v in ENV.items()), encoding="utf-8")
    path = tmp_path / "tenants.yaml"
    path.write_text(document(slug), encoding="utf-8")
    return load_config(path, env={}).secrets


@pytest.mark.parametrize("slug", SLUGS, ids=[f"slug-of-{len(s)}" for s in SLUGS])
def test_a_tenant_slug_of_any_length_is_never_a_secret(tmp_path: Path, slug: str) -> None:
    secrets = load(tmp_path, slug)
    basic = base64.b64encode(f"clerk@{slug}.test:correct horse".encode()).decode()
    assert secrets == {*ENV.values(), "literal-viewer-token-1234", basic, SIGNING_KEY.hex()}
    redactor = Redactor(secrets)
    body = f'{{"email": "alice@{slug}.test", "team": "{slug}", "app_key": "public-app-key-{slug}"}}'
    assert redactor.text(body) == body


def test_every_credential_field_and_its_derived_forms_are_secrets(tmp_path: Path) -> None:
    secrets = load(tmp_path, "acme-corporation")
    assert set(ENV.values()) | {"literal-viewer-token-1234"} <= secrets
    assert base64.b64encode(b"clerk@acme-corporation.test:correct horse").decode() in secrets
    assert SIGNING_KEY.hex() in secrets
    assert "clerk@acme-corporation.test" not in secrets and "acme-corporation" not in secrets
    text = Redactor(secrets).text(f"Authorization: Bearer {ENV['ADMIN_TOKEN']} as acme-corporation")
    assert text == f"Authorization: Bearer {FILTERED} as acme-corporation"


def test_principals_and_credentials_print_names_never_values(tmp_path: Path) -> None:
    load(tmp_path, "acme")
    config = load_config(tmp_path / "tenants.yaml", env={})
    clerk = config.principal("acme/clerk")
    printed = f"{clerk!r} {clerk.credentials!r} {config!r} {config.tenants['acme']!r}"
    assert repr(clerk) == "Principal('acme/clerk')"
    assert not [value for value in ENV.values() if value in printed]
    assert "literal-viewer-token-1234" not in printed
    assert "password" in repr(clerk.credentials) and FILTERED in repr(clerk.credentials)


def test_the_reports_sweep_rewrites_only_files_holding_a_secret(tmp_path: Path) -> None:
    secret = "2|g9h1X86bYiAWKd5zkcAgf1"
    (tmp_path / "allure-results").mkdir()
    leaking = tmp_path / "allure-results" / "x-result.json"
    leaking.write_text(
        f'{{"parameters": [{{"value": "Credentials(token=\'{secret}\')"}}]}}', encoding="utf-8"
    )
    clean = tmp_path / "junit.xml"
    clean.write_text("<testsuite name='acme'/>", encoding="utf-8")
    assert scrub_tree(tmp_path, Redactor([secret])) == [leaking]
    assert secret not in leaking.read_text() and FILTERED in leaking.read_text()
    assert clean.read_text() == "<testsuite name='acme'/>"
