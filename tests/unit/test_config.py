"""tenants.yaml loading: precise errors for user mistakes, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenantprobe.core.config import ConfigError, load_config

VALID = """\
version: 1
target:
  base_url: http://127.0.0.1:9
  spec: /openapi.json
auth:
  carrier: bearer
permissions:
  roles:
    viewer: [things.view]
tenants:
  red:
    admin: {token: "${RED_ADMIN}"}
    principals:
      viewer: {role: viewer, token: "${RED_VIEWER:-red-viewer-default-token}"}
"""
ENV = {"RED_ADMIN": "red-admin-secret-value"}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tenants.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_file_yields_principals_and_filters_their_credentials(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID), env=ENV)
    assert [p.id for p in config.principals()] == ["red/viewer"]
    assert config.tenants["red"].admin.credentials.token == "red-admin-secret-value"
    assert config.principals()[0].credentials.token == "red-viewer-default-token"
    assert {"red-admin-secret-value", "red-viewer-default-token"} <= config.secrets


def test_typo_wrong_type_and_unset_variable_give_three_precise_problems(tmp_path: Path) -> None:
    broken = VALID.replace("  spec:", "  spex: x\n  spec:").replace("carrier: bearer", "carrier: [bearer]")
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, broken), env={})
    problems = caught.value.problems
    rendered = caught.value.render()
    assert len(problems) == 3, rendered
    assert "target.spex` is not a known key — did you mean `spec`?" in rendered
    assert "tenants.yaml:4: `target.spex`" in rendered  # the typo's line
    assert "`auth.carrier` must be one of 'bearer', 'header', 'login'" in rendered
    assert "${RED_ADMIN}, which is not set" in rendered and "export RED_ADMIN=" in rendered


def test_role_not_in_permission_map_is_named_with_the_known_roles(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, VALID.replace("{role: viewer", "{role: vewer")), env=ENV)
    assert "names role `vewer`" in caught.value.render()
    assert "use one of: viewer" in caught.value.render()


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, VALID.replace("auth:\n", "auth: [\n")), env=ENV)
    assert "is not valid YAML" in caught.value.render()
    assert caught.value.problems[0].line is not None


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")


def test_env_file_fills_references_and_environment_wins(tmp_path: Path) -> None:
    (tmp_path / "demo.env").write_text("# demo\nRED_ADMIN=from-file-token\nRED_VIEWER=file-viewer\n")
    text = VALID.replace("  spec: /openapi.json", "  spec: /openapi.json\n  env_file: demo.env")
    config = load_config(write(tmp_path, text), env={"RED_VIEWER": "env-viewer"})
    assert config.tenants["red"].admin.credentials.token == "from-file-token"
    assert config.principals()[0].credentials.token == "env-viewer"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_config_or_a_config_error_never_a_traceback(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tenants.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_config(path, env={})
        except ConfigError as error:
            assert error.render()


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=20,
    )
)
def test_any_yaml_document_gives_a_config_or_a_config_error(document: object) -> None:
    import tempfile

    import yaml

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tenants.yaml"
        path.write_text(
            yaml.safe_dump({"version": 1, "target": document, "auth": document, "tenants": document})
        )
        try:
            load_config(path, env={})
        except ConfigError as error:
            assert error.render()
