"""Which responses must announce the limit, the settings block, and the bypass variants."""

from __future__ import annotations

from pathlib import Path

import yaml

from tenantprobe.core.config import load_config
from tenantprobe.core.ratelimit.dialects import KNOWN as KNOWN_DIALECTS
from tenantprobe.families.rate_limits.bypass import bypass_variants
from tenantprobe.families.rate_limits.scope import AnnouncedResponses
from tenantprobe.families.rate_limits.settings import rate_limit_settings

LARAVEL = KNOWN_DIALECTS["laravel"]
HEADER = {"X-RateLimit-Limit": {"schema": {"type": "integer"}}}
SPEC = {
    "paths": {
        "/health": {"get": {"responses": {"200": {"description": "up"}}}},
        "/v1/items/{item_id}": {
            "get": {
                "responses": {
                    "200": {"description": "ok", "headers": HEADER},
                    "404": {"description": "missing", "headers": HEADER},
                    "4XX": {"description": "client error"},
                }
            }
        },
    }
}


def scope(spec: dict = SPEC, **kwargs: object) -> AnnouncedResponses:
    return AnnouncedResponses(spec, LARAVEL, base_url="http://127.0.0.1:9/api", on_errors=True, **kwargs)


def test_declared_responses_must_announce_by_template_and_by_url() -> None:
    responses = scope()
    assert responses.spec_declares
    assert responses.must_announce("GET", "http://x/api/v1/items/{item_id}", 200, "GET /v1/items/{item_id}")
    assert responses.must_announce("GET", "http://127.0.0.1:9/api/v1/items/42", 404)


def test_undeclared_responses_and_server_errors_need_not_announce() -> None:
    responses = scope()
    assert not responses.must_announce("GET", "http://127.0.0.1:9/api/health", 200)
    assert not responses.must_announce("GET", "http://127.0.0.1:9/api/v1/items/42", 422)  # 4XX: none declared
    assert not responses.must_announce("GET", "http://127.0.0.1:9/api/v1/items/42", 500)
    assert not responses.must_announce("GET", "http://127.0.0.1:9/api/elsewhere", 200)


def test_without_declarations_every_operation_but_the_unlimited_ones_must_announce() -> None:
    bare = {"paths": {"/a": {"get": {"responses": {"200": {"description": ""}}}}, "/b": {"get": {}}}}
    responses = scope(bare, unlimited=("GET /b",))
    assert not responses.spec_declares
    assert responses.must_announce("GET", "http://127.0.0.1:9/api/a", 200)
    assert responses.must_announce("GET", "http://127.0.0.1:9/api/a", 401)
    assert not responses.must_announce("GET", "http://127.0.0.1:9/api/b", 200)
    quiet = AnnouncedResponses(bare, LARAVEL, base_url="http://h", on_errors=False)
    assert not quiet.must_announce("GET", "http://h/a", 403)
    assert quiet.must_announce("GET", "http://h/a", 429)


def _config(tmp_path: Path, block: dict, carrier: str = "bearer"):
    data = {
        "version": 1,
        "target": {"base_url": "http://127.0.0.1:9", "spec": "/openapi.json"},
        "auth": {"carrier": carrier, "header": "X-Key"} if carrier == "header" else {"carrier": carrier},
        "tenants": {
            "a": {
                "admin": {"token": "${A_ADMIN}"},
                "principals": {"viewer": {"role": "viewer", "token": "${A_V}"}},
            }
        },
        "rate_limits": block,
    }
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_config(path, env={"A_ADMIN": "t-admin", "A_V": "t-viewer", "A_PROBE": "t-probe"})


def test_settings_read_the_block_with_defaults(tmp_path: Path) -> None:
    block = {
        "dialect": "github",
        "probe": {"operation": "GET /me", "principals": {"a": {"token": "${A_PROBE}"}}},
    }
    settings = rate_limit_settings(_config(tmp_path, block))
    assert settings.configured and settings.dialect is KNOWN_DIALECTS["github"]
    probe = settings.probe
    assert probe.enabled and probe.max_requests == 1000 and probe.concurrency == 8
    assert (
        probe.principals[0].id == "a/ratelimit-probe" and probe.principals[0].credentials.token == "t-probe"
    )


def test_custom_dialect_block_needs_header_names(tmp_path: Path) -> None:
    import pytest

    from tenantprobe.core.config import ConfigError

    with pytest.raises(ConfigError) as error:
        _config(tmp_path, {"dialect": "custom"})
    assert "headers" in error.value.render()


def test_bypass_variants_change_one_thing_each(tmp_path: Path) -> None:
    config = _config(tmp_path, {"probe": {"principals": {"a": {"token": "${A_PROBE}"}}}}, carrier="header")
    settings = rate_limit_settings(config)
    variants = bypass_variants(config, settings.probe.principals[0], settings.probe)
    labels = [variant.label for variant in variants]
    assert "`X-Forwarded-For: 203.0.113.7`" in labels and "`Forwarded: for=203.0.113.9`" in labels
    assert "header name `x-key`" in labels and "header name `X-KEY`" in labels
    by_label = {variant.label: variant for variant in variants}
    query = by_label["credential in query parameter `access_token`"]
    assert query.params == {"access_token": "t-probe"} and query.headers == {}
    bearer = by_label["credential in header `Authorization`"]
    assert bearer.headers == {"Authorization": "Bearer t-probe"}


def _state(config):
    from tenantprobe import RunState

    return RunState(config, "http://127.0.0.1:9", {"paths": {}}, "sha")


def test_probe_never_runs_in_production_nor_without_a_block(tmp_path: Path) -> None:
    from dataclasses import replace

    from tenantprobe import throttle_probe_unavailable

    config = _config(
        tmp_path, {"probe": {"operation": "GET /me", "principals": {"a": {"token": "${A_PROBE}"}}}}
    )
    assert throttle_probe_unavailable(_state(config)) == ""
    production = replace(config, target=replace(config.target, mode="production"))
    assert "production" in throttle_probe_unavailable(_state(production))
    bare = replace(config, blocks={})
    assert "no `rate_limits` block" in throttle_probe_unavailable(_state(bare))


def test_probe_principal_of_an_unknown_tenant_is_a_config_error(tmp_path: Path) -> None:
    import pytest

    from tenantprobe import ConfigError, throttle_probe_unavailable

    config = _config(tmp_path, {"probe": {"operation": "GET /me", "principals": {"nope": {"token": "x"}}}})
    with pytest.raises(ConfigError) as error:
        throttle_probe_unavailable(_state(config))
    assert "`rate_limits.probe.principals.nope` names an unknown tenant" in error.value.render()
