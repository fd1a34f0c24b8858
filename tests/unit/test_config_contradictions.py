"""Keys that are each valid but contradict one another are a config error naming both and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantprobe.core.config import ConfigError, load_config

BASE = """\
version: 1
target: {base_url: "http://127.0.0.1:9", spec: /openapi.json}
auth: {carrier: bearer}
tenants:
  red:
    admin: {token: red-admin}
    principals:
      viewer: {role: viewer, token: "${RED_VIEWER}"}
rate_limits:
  probe:
    operation: GET /me
    principals:
"""
ENV = {"RED_VIEWER": "red-viewer-token-value", "RED_PROBE": "red-probe-token-value"}


def _load(tmp_path: Path, probe: str) -> None:
    path = tmp_path / "tenants.yaml"
    path.write_text(BASE + "      red: " + probe + "\n", encoding="utf-8")
    load_config(path, env=ENV)


@pytest.mark.parametrize(
    ("probe", "named"),
    [
        (
            '{token: "${RED_VIEWER}", name: spare}',
            "uses the same credential as `tenants.red.principals.viewer`",
        ),
        ("{token: red-admin}", "uses the same credential as `tenants.red.admin`"),
        ('{token: "${RED_PROBE}", name: viewer}', "is named like `tenants.red.principals.viewer`"),
    ],
)
def test_a_rate_limit_probe_principal_that_the_matrix_also_tests_is_refused(
    tmp_path: Path, probe: str, named: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, probe)
    rendered = caught.value.render()
    assert len(caught.value.problems) == 1, rendered
    assert "`rate_limits.probe.principals.red` " + named in rendered
    assert "give the probe a spare user of `red`" in rendered
    assert "tenants.yaml:13:" in rendered  # the probe principal's line
    assert "red-viewer-token-value" not in rendered and "red-admin" not in rendered.replace("`", "")


def test_a_dedicated_probe_principal_is_accepted(tmp_path: Path) -> None:
    _load(tmp_path, '{token: "${RED_PROBE}", name: probe}')
