"""The catalogue is documentation: every core defect is described, and demonstrated by a test here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


@pytest.mark.slow
def test_defects_combine_each_showing_its_own_behaviour(
    start_api: Any, client_for: Any, demo_env: dict[str, str]
) -> None:
    defects = {"cross_tenant_read_by_id", "ratelimit_remaining_stuck", "me_team_timezone_utc"}
    with start_api(defects=defects, ids="uuid", rate_limit=(50, 60)) as server:
        with client_for(server, demo_env["GLOBEX_VIEWER_TOKEN"]) as globex:
            victim = globex.get("/api/v1/invoices").json()["data"][0]
        with client_for(server, demo_env["ACME_VIEWER_TOKEN"]) as acme:
            me = acme.get("/api/v1/me")
            stolen = acme.get(f"/api/v1/invoices/{victim['id']}")
            remaining = [acme.get("/api/v1/team").headers["x-ratelimit-remaining"] for _ in range(3)]
    assert me.json()["team"]["timezone"] == "UTC"
    assert stolen.status_code == 200 and stolen.json()["id"] == victim["id"]
    assert remaining == ["49", "49", "49"]
