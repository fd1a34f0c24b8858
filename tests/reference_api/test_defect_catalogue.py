"""The catalogue is documentation: every core defect is described, and demonstrated by a test here."""

from __future__ import annotations

from pathlib import Path

import pytest

from reference_api.defects import all_defects

CORE_FAMILIES = {"contract", "scoping", "rbac", "rate_limits", "preflight"}
HERE = Path(__file__).parent


def test_core_families_hold_at_least_19_defects_with_every_family_present() -> None:
    core = [d for d in all_defects() if d.family in CORE_FAMILIES]
    assert len(core) >= 19
    assert {d.family for d in core} == CORE_FAMILIES


@pytest.mark.parametrize(
    "defect", [d for d in all_defects() if d.family in CORE_FAMILIES], ids=lambda d: d.name
)
def test_each_core_defect_names_its_family_and_has_a_demonstrating_test(defect: object) -> None:
    name, family, function = defect.name, defect.family, defect.function  # type: ignore[attr-defined]
    doc = function.__doc__ or ""
    assert f"{family} family must catch" in " ".join(doc.split()), f"{name}: say which family catches it"
    demonstrations = "".join(path.read_text() for path in HERE.glob("test_defects_*.py"))
    assert f'"{name}"' in demonstrations, f"{name} has no test showing its behaviour"


def test_the_docs_table_lists_every_defect() -> None:
    docs = (HERE.parents[1] / "docs" / "reference-api.md").read_text()
    missing = [d.name for d in all_defects() if f"| `{d.name}` |" not in docs]
    assert not missing, f"add to docs/reference-api.md's defect table: {', '.join(missing)}"
