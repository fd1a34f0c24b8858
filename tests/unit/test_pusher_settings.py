"""The events block of tenants.yaml: validation with clear errors, defaults, templates and URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tenantprobe.core.config import ConfigError, load_config
from tenantprobe.core.placeholders import fill, fill_body
from tenantprobe.families.events.settings import (
    DEFAULT_WAIT_S,
    EventsSettings,
    events_settings,
)

BASE = """\
version: 1
target: {base_url: "http://127.0.0.1:9/base", spec: /openapi.json}
auth: {carrier: bearer}
tenants:
  red:
    admin: {token: "red-admin-token-value"}
    principals:
      viewer: {role: viewer, token: "red-viewer-token-value"}
"""
EVENTS = {
    "app_key": "${APP_KEY}",
    "app_secret": "${APP_SECRET:-}",
    "auth": {"path": "/broadcasting/auth"},
    "channels": {"private": "private-org.{tenant_id}"},
    "triggers": [{"operation": "post /things", "body": {"name": "x {canary}"}, "events": ["thing.created"]}],
}


def write(tmp_path: Path, events: object) -> Path:
    data = yaml.safe_load(BASE)
    data["events"] = events
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_defaults_fill_what_the_block_leaves_out(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, EVENTS), env={"APP_KEY": "key-1"})
    settings = events_settings(config)
    assert settings is not None
    assert (settings.app_key, settings.app_secret) == ("key-1", None)
    assert settings.auth_formats == ("form",) and settings.refused_status == (403,)
    assert settings.wait_s == DEFAULT_WAIT_S
    assert settings.presence_form == "presence-org.{tenant_id}"
    assert settings.channel(settings.private_channel, "red", "42") == "private-org.42"
    trigger = settings.triggers[0]
    assert (trigger.operation, trigger.acting_role, trigger.cleanup) == ("POST /things", "admin", None)


def test_no_events_block_means_no_settings(tmp_path: Path) -> None:
    path = tmp_path / "tenants.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert events_settings(load_config(path, env={})) is None


@pytest.mark.parametrize(
    ("base_url", "template", "expected"),
    [
        ("http://127.0.0.1:8000", "/app/{app_key}?protocol=7", "ws://127.0.0.1:8000/app/k?protocol=7"),
        ("https://api.example.test/v2/", "/app/{app_key}", "wss://api.example.test/v2/app/k"),
        (
            "https://api.example.test",
            "wss://ws.example.test:6001/app/{app_key}",
            "wss://ws.example.test:6001/app/k",
        ),
    ],
)
def test_socket_url_is_relative_to_the_api_like_every_path_or_absolute(
    base_url: str, template: str, expected: str
) -> None:
    settings = events_settings_for(template)
    assert settings.socket_url(base_url) == expected


def events_settings_for(template: str) -> EventsSettings:
    return EventsSettings(template, "k", None, "/auth", ("form",), (403,), "private-x", None, (), None, 1.0)


def test_misspelt_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    events = dict(EVENTS, chanels=EVENTS["channels"])
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, events), env={"APP_KEY": "key-1"})
    text = error.value.render()
    assert "events.chanels" in text or "chanels" in text
    assert "did you mean `channels`" in text


def test_private_template_must_be_a_private_channel(tmp_path: Path) -> None:
    events = dict(EVENTS, channels={"private": "team.{tenant_id}"})
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, events), env={"APP_KEY": "key-1"})
    assert "private" in error.value.render()


def test_placeholders_fill_known_names_and_keep_the_rest() -> None:
    assert fill("a.{tenant_id}.{other}", {"tenant_id": "7"}) == "a.7.{other}"
    body = {"name": "x {canary}", "tags": ["{tenant}", 3], "n": None}
    assert fill_body(body, {"canary": "tp-red-1", "tenant": "red"}) == {
        "name": "x tp-red-1",
        "tags": ["red", 3],
        "n": None,
    }


def test_the_sse_transport_needs_no_pusher_keys_and_the_pusher_one_names_them(tmp_path: Path) -> None:
    sse = {"transport": "sse", "triggers": EVENTS["triggers"], "stream": {"operation": "GET /events"}}
    settings = events_settings(load_config(write(tmp_path, sse), env={}))
    assert settings is not None and settings.transport == "sse"
    assert (settings.stream.operation, settings.stream.replay_from) == ("GET /events", "0")
    pusher = {key: value for key, value in EVENTS.items() if key != "app_key"}
    with pytest.raises(ConfigError, match="app_key"):
        load_config(write(tmp_path, pusher), env={})
