"""The family records are the one list of families: everything else that names families agrees with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantprobe.cli.run import SUITE_NAMES
from tenantprobe.core.config.validate import block_names
from tenantprobe.core.family import UnknownFamily
from tenantprobe.families import FAMILIES, NAMES, family_named
from tenantprobe.reporting.runbook import CATEGORIES, category_of, runbook_sections

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "src" / "tenantprobe" / "core" / "config" / "schema"
HARNESS_BLOCKS = {"canaries", "envelope"}  # settings of the harness itself, not of a family


def test_every_family_has_its_suite_folder_and_nothing_else_is_one() -> None:
    folders = {path.name for path in (ROOT / "suites").iterdir() if path.is_dir()}
    assert folders - {"__pycache__"} == set(NAMES)


def test_the_config_schema_lists_exactly_the_families_blocks() -> None:
    blocks = {family.config_block for family in FAMILIES if family.config_block}
    assert set(block_names()) == blocks | HARNESS_BLOCKS
    for block in blocks:
        assert (SCHEMAS / f"{block}.schema.json").is_file(), block


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
