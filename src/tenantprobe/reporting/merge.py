"""One report from the summaries of sharded runs: findings, outcomes and counts as one run's.

CI splits the suites over machines (pytest-split, see docs/ci/); each shard writes its own
summary.json. Merged, they give what one unsharded run gives: every finding once (ids are stable
across runs), every test's outcome, requests and counts summed, the slowest shard's duration.
Shards of different seeds, profiles or specs are not one run: merging them is refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tenantprobe.reporting.coverage import coverage_section

SAME_IN_EVERY_SHARD = ("spec_sha256", "seed", "profile", "examples")


class MergeError(ValueError):
    """The folders given are not shards of one run (or hold no summary)."""


def read_shard(folder: Path) -> dict[str, Any]:
    path = folder / "summary.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise MergeError(f"{path}: no summary.json there; pass the report folder of each shard") from None
    except ValueError as error:
        raise MergeError(f"{path}: not valid JSON ({error}); was the shard's run interrupted?") from None
    if not isinstance(document, dict):
        raise MergeError(f"{path}: not a tenantprobe summary")
    return document


def merge_summaries(shards: list[dict[str, Any]], names: list[str]) -> dict[str, Any]:
    """The summary of one run made of ``shards`` (``names`` say where each came from, for errors)."""
    if not shards:
        raise MergeError("nothing to merge: name the report folder of every shard")
    first = shards[0]
    for key in SAME_IN_EVERY_SHARD:
        values = {json.dumps(shard.get(key)) for shard in shards}
        if len(values) > 1:
            found = ", ".join(f"{name}: {shard.get(key)}" for name, shard in zip(names, shards, strict=True))
            raise MergeError(f"the shards differ in `{key}` ({found}); shards of one run share it")
    findings: dict[str, dict[str, Any]] = {}
    outcomes: dict[str, str] = {}
    merged = dict(first)
    for shard in shards:
        for finding in shard.get("findings") or []:
            findings.setdefault(str(finding["id"]), finding)
        outcomes.update(shard.get("outcomes") or {})
    unproven = sorted(_concat(shards, "unproven"), key=lambda item: str(item.get("test")))
    cells = _concat([shard.get("coverage") or {} for shard in shards], "cells")
    kept_off = _concat([shard.get("coverage") or {} for shard in shards], "writes_kept_off")
    merged.update(
        started_at=min(str(shard.get("started_at") or "") for shard in shards),
        duration_s=max(float(shard.get("duration_s") or 0) for shard in shards),
        requests=sum(int(shard.get("requests") or 0) for shard in shards),
        tests=_summed_counts(shards),
        findings=sorted(findings.values(), key=lambda f: (str(f.get("suite")), str(f.get("id")))),
        errors=sorted(set(_concat(shards, "errors"))),
        skipped={key: value for shard in shards for key, value in (shard.get("skipped") or {}).items()},
        unproven=unproven,
        coverage=coverage_section(outcomes, unproven, cells, kept_off),
        left_behind=_concat(shards, "left_behind"),
        matrix={key: value for shard in shards for key, value in (shard.get("matrix") or {}).items()},
        principals={key: value for shard in shards for key, value in (shard.get("principals") or {}).items()},
        outcomes=dict(sorted(outcomes.items())),
        regression=None,  # each shard compared itself with its own previous run; the merge has none
        shards=names,
    )
    return merged


def _concat(shards: list[dict[str, Any]], key: str) -> list[Any]:
    return [item for shard in shards for item in (shard.get(key) or [])]


def _summed_counts(shards: list[dict[str, Any]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for shard in shards:
        for name, count in (shard.get("tests") or {}).items():
            total[name] = total.get(name, 0) + int(count)
    return total
