"""The family records are the one list of families: everything else that names families agrees with them."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

import tenantprobe
from tenantprobe.cli.run import SUITE_NAMES
from tenantprobe.core.checks import registered_checks
from tenantprobe.core.config.validate import block_names, composed_schema
from tenantprobe.core.family import Family, UnknownFamily
from tenantprobe.families import FAMILIES, NAMES, family_named, load_passive_checks
from tenantprobe.reporting.runbook import CATEGORIES, category_of, runbook_sections

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "tenantprobe"
SCHEMAS = ROOT / "src" / "tenantprobe" / "core" / "config" / "schema"
HARNESS_BLOCKS = {"canaries", "envelope"}  # settings of the harness itself, not of a family


def test_every_family_has_its_suite_folder_and_nothing_else_is_one() -> None:
    folders = {path.name for path in (ROOT / "suites").iterdir() if path.is_dir()}
    assert folders - {"__pycache__"} == set(NAMES)


def test_the_config_schema_lists_exactly_the_families_blocks() -> None:
    blocks = {family.config_block for family in FAMILIES if family.config_block}
    assert set(block_names()) == blocks | HARNESS_BLOCKS
    # Each family's block schema is in its own package, named by its record, and it has no other.
    found = {path.parent.name: path.name for path in (PACKAGE / "families").glob("*/*.schema.json")}
    assert found == {f.name: f"{f.config_block}.schema.json" for f in FAMILIES if f.config_block}


def test_a_family_added_the_old_way_outside_its_package_fails_here() -> None:
    # The top-level schema names no family block (the loader adds them), and core's schema folder
    # keeps the harness's own blocks only.
    main = json.loads((SCHEMAS / "tenants.schema.json").read_text(encoding="utf-8"))
    refs = {name for name, schema in main["properties"].items() if "$ref" in schema}
    assert refs == HARNESS_BLOCKS
    assert {path.name for path in SCHEMAS.glob("*.schema.json")} == {
        "tenants.schema.json", *(f"{block}.schema.json" for block in HARNESS_BLOCKS)
    }
    # The facade lists no family's names: each family's api module does.
    facade = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    listed = [node.module for node in ast.walk(facade) if isinstance(node, ast.ImportFrom)]
    assert [module for module in listed if module and module.startswith("tenantprobe.families")] == []
    assert {path.parent.name for path in (PACKAGE / "families").glob("*/api.py")} == set(NAMES)


def test_every_name_a_suite_or_fixture_imports_is_public() -> None:
    # A family's name left out of its api module fails here, before any suite is collected.
    wanted = set()
    for path in [*(ROOT / "suites").rglob("*.py"), *(ROOT / "fixtures").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "tenantprobe":
                wanted |= {alias.name for alias in node.names}
    assert wanted and wanted - set(tenantprobe.__all__) == set()


def test_a_family_block_may_not_shadow_a_key_of_the_top_level_schema() -> None:
    main = {"properties": {"target": {"type": "object"}}}
    assert composed_schema(main, {"foo.schema.json": {}})["properties"]["foo"] == {"$ref": "foo.schema.json"}
    with pytest.raises(ValueError, match="also a key"):
        composed_schema(main, {"target.schema.json": {}})


def test_every_category_links_a_runbook_section() -> None:
    sections = runbook_sections()
    assert [category.family for category in CATEGORIES] == list(NAMES)
    assert {family.anchor for family in FAMILIES} <= set(sections)


def test_the_run_command_offers_every_suite() -> None:
    assert tuple(SUITE_NAMES) == NAMES


def test_an_unknown_family_fails_loudly() -> None:
    with pytest.raises(UnknownFamily, match="unknown check family 'scopign'"):
        family_named("scopign")
    with pytest.raises(UnknownFamily):
        category_of("scopign")
    assert category_of("harness").name == "Harness error"


def test_the_families_are_found_from_their_packages_in_their_run_order() -> None:
    packages = {path.parent.name for path in (PACKAGE / "families").glob("*/__init__.py")}
    assert set(NAMES) == packages
    assert [family.order for family in FAMILIES] == sorted(family.order for family in FAMILIES)
    assert NAMES[0] == "preflight"


def test_every_passive_check_is_declared_by_its_familys_record() -> None:
    load_passive_checks()
    undeclared = [
        f"{check.family}/{name}"
        for name, check in registered_checks().items()
        if name not in family_named(check.family).checks
    ]
    assert undeclared == []


def test_the_library_names_checks_by_their_constants_never_by_a_literal() -> None:
    declared = {check: family.name for family in FAMILIES for check in family.checks}
    literals = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__init__.py" and path.parent.parent.name == "families":
            continue  # the records themselves
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in declared:
                literals.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert literals == []


def test_a_record_declares_each_check_once() -> None:
    with pytest.raises(ValueError, match="declares the check"):
        Family("foo", "Foo", "foo", order=99, checks=("a_check", "a_check"))


def test_nothing_else_in_the_library_lists_the_families_by_hand() -> None:
    # A hand-written list of families (the five lists this record replaced) names most of them
    # as string literals in one module; a module may name a family or two for its own reasons.
    by_hand = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        named = {
            node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in NAMES
        }
        if len(named) >= 4:
            by_hand.append(f"{path.relative_to(ROOT)}: {sorted(named)}")
    assert by_hand == []


def test_the_files_a_new_family_needs_are_the_ones_every_family_has() -> None:
    # docs/architecture.md lists them as templates; every family has each of them, and nothing
    # outside them needs editing (the test above: no other module lists families by hand).
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("A new family `foo` touches exactly these files:", 1)[1].split("\n\n", 1)[0]
    templates = re.findall(r"^- `([^`]+)`", section, flags=re.MULTILINE)
    assert templates, "the list of files a new family needs is missing from docs/architecture.md"
    missing = []
    for family in FAMILIES:
        for template in templates:
            if ("{block}" in template or template == "README.md") and not family.config_block:
                continue
            path = ROOT / template.format(name=family.name, block=family.config_block)
            if not path.exists():
                missing.append(str(path.relative_to(ROOT)))
            elif template == "docs/runbook.md" and f"\n## {family.category}\n" not in _text(path):
                missing.append(f"{template}: ## {family.category}")
            elif template == "README.md" and f"### `{family.config_block}`" not in _text(path):
                missing.append(f"{template}: ### `{family.config_block}`")
    assert missing == []


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
