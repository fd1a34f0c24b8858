"""`tenantprobe report --merge`: shards of one run become one summary; shards of different runs do not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tenantprobe.cli.report import merge
from tenantprobe.reporting.merge import MergeError, merge_summaries


def _shard(seed: int, tests: dict[str, str], finding_ids: list[str]) -> dict[str, object]:
    return {
        "spec_sha256": "abc", "seed": seed, "profile": "ci", "examples": 3,
        "started_at": "2026-01-01T00:00:00", "duration_s": 5.0, "requests": 10,
        "tests": {name: list(tests.values()).count(name) for name in ("passed", "failed")},
        "outcomes": tests, "findings": [{"id": i, "suite": "scoping"} for i in finding_ids],
        "errors": [], "skipped": {}, "unproven": [], "matrix": {},
    }  # fmt: skip


def test_shards_of_one_run_sum_their_counts_and_keep_each_finding_once() -> None:
    one = _shard(7, {"a": "passed", "b": "failed"}, ["f1", "f2"])
    two = _shard(7, {"c": "failed"}, ["f2", "f3"])
    merged = merge_summaries([one, two], ["shard1", "shard2"])
    assert [f["id"] for f in merged["findings"]] == ["f1", "f2", "f3"]
    assert merged["tests"] == {"passed": 1, "failed": 2}
    assert merged["requests"] == 20 and merged["duration_s"] == 5.0
    assert merged["outcomes"] == {"a": "passed", "b": "failed", "c": "failed"}


def test_shards_of_different_seeds_are_not_one_run() -> None:
    with pytest.raises(MergeError, match="`seed`"):
        merge_summaries([_shard(7, {}, []), _shard(8, {}, [])], ["shard1", "shard2"])


def test_a_folder_without_a_summary_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "summary.json").write_text(json.dumps(_shard(7, {}, [])), encoding="utf-8")
    assert merge([str(tmp_path / "one"), str(tmp_path / "missing")], tmp_path / "out") == 2
    assert "missing/summary.json: no summary.json there" in capsys.readouterr().err
