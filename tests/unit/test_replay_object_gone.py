"""Replay does not call a finding fixed when the object its recorded write acted on no longer exists."""

from __future__ import annotations

from tenantprobe.reporting.replay_judge import _object_gone


def test_a_write_by_id_that_now_finds_nothing_proves_nothing() -> None:
    assert _object_gone("DELETE", "/projects/{project_id}", 200, 404)
    assert _object_gone("PATCH", "/orgs/{org}/projects/{project_id}", 204, 404)


def test_reads_collections_and_other_answers_are_judged_as_they_come() -> None:
    assert not _object_gone("GET", "/projects/{project_id}", 200, 404)  # a read: 404 is its answer
    assert not _object_gone("POST", "/projects", 201, 404)
    assert not _object_gone("DELETE", "/projects/{project_id}", 200, 204)  # reached: judged
    assert not _object_gone("DELETE", "/projects/{project_id}", 404, 404)  # was not found then either
