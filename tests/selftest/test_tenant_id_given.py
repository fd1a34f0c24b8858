"""A tenant id given up front (`tenants.<t>.id`) works like one learned from the identity probe.

Against the laravel-style reference API, whose header selector `X-Team-Id` is optional: with each
tenant's id given, the selector goes out on every request (negative cases mutating it included,
which must then not be judged), and the clean build gives no finding; a wrong id is a preflight
problem naming the key to fix.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.harness import LARAVEL, RunOutcome, run_tenantprobe
from tests.robustness.leftovers import reference_api

pytestmark = [pytest.mark.slow, pytest.mark.selftest]

STYLE = ("--style", "laravel")


def team_ids(database: Path) -> dict[str, str]:
    with sqlite3.connect(database) as db:
        return {str(slug): str(team) for team, slug in db.execute("SELECT id, slug FROM teams")}


def make(folder: Path) -> Path:
    folder.mkdir()
    return folder


def with_ids(ids: dict[str, str]) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["target"]["mode"] = "staging"
        for name, tenant in data["tenants"].items():
            tenant["id"] = ids[tenant.get("key", name)]

    return edit


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunOutcome, RunOutcome, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("tenant-id")
    with reference_api(folder, *STYLE, "--rate-limit", "300/5") as url:
        ids = team_ids(folder / "target.db")
        clean = run_tenantprobe(
            make(folder / "clean"),
            suites=("preflight", "contract"),
            dialect=STYLE,
            base=LARAVEL,
            examples=3,
            edit=with_ids(ids),
            target_url=url,
        )
        wrong = {**ids, "acme": ids["globex"]}
        mismatch = run_tenantprobe(
            make(folder / "wrong"),
            suites=("preflight",),
            dialect=STYLE,
            base=LARAVEL,
            examples=1,
            edit=with_ids(wrong),
            target_url=url,
        )
    yield clean, mismatch, ids


def test_given_ids_give_a_clean_run(runs: tuple[RunOutcome, RunOutcome, dict[str, str]]) -> None:
    clean, _, ids = runs
    assert set(ids) >= {"acme", "globex"}
    assert clean.exit_code == 0, clean.output[-3000:]
    # The selector pinned to each principal's tenant: a negative case that only mutated it is not judged.
    assert clean.findings == []
    assert clean.summary is not None and clean.summary["tests"]["passed"] >= 10


def test_a_wrong_id_is_a_preflight_problem_naming_the_key(
    runs: tuple[RunOutcome, RunOutcome, dict[str, str]],
) -> None:
    _, mismatch, ids = runs
    assert mismatch.exit_code != 0
    # The credential is not a member of the team the wrong id names: the answer and the key are named.
    assert f"(`{ids['globex']}`, from tenants.acme.id)" in mismatch.output
    assert "rejected or missing" not in mismatch.output
