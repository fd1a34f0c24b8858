"""The real tenants.yaml, mutated one key at a time: a Config or one ConfigError, never a traceback.

Random text and random documents (tests/unit/test_config.py) rarely get past the top level; a
mutation of the worked example reaches every block's validation (webhooks, events, rate limits,
canaries, sdk) and the code that reads the validated values.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tenantprobe.core.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE: dict[str, Any] = yaml.safe_load((ROOT / "tenants.yaml").read_text(encoding="utf-8"))
EXAMPLE["target"]["env_file"] = str(ROOT / "src" / "reference_api" / "demo.env")

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def key_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            paths += key_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            paths += key_paths(value, (*prefix, index))
    return paths


PATHS = key_paths(EXAMPLE)


def mutate(document: dict[str, Any], path: tuple[Any, ...], action: str, value: Any) -> dict[str, Any]:
    mutated = copy.deepcopy(document)
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    else:
        parent[last] = value
    return mutated


@settings(max_examples=60, deadline=None)
@given(path=st.sampled_from(PATHS), action=st.sampled_from(["replace", "delete", "rename"]), value=VALUES)
def test_one_mutation_of_the_worked_example_gives_a_config_or_a_config_error(
    path: tuple[Any, ...], action: str, value: Any
) -> None:
    document = mutate(EXAMPLE, path, action, value)
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "tenants.yaml"
        file.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
        try:
            config = load_config(file)
        except ConfigError as error:
            rendered = error.render()
            assert rendered and "Traceback" not in rendered
            return
        # What validation let through must be readable by the code that uses it.
        assert config.principals(admins=True)
        for name in ("webhooks", "events", "rate_limits", "canaries", "sdk"):
            config.block(name)


def test_the_worked_example_itself_loads() -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "tenants.yaml"
        file.write_text(yaml.safe_dump(EXAMPLE, sort_keys=False), encoding="utf-8")
        assert load_config(file).tenants
