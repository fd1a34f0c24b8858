"""Across xdist workers: what one process created is spared by another's generated writes, and the
generated writes share one worker with the link sequences."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tenantprobe.core.shared_ids import SharedIds
from tenantprobe.families.contract.workers import GENERATED_WRITES, group_generated_writes

_OTHER_PROCESS = """
import sys
from pathlib import Path
from tenantprobe.core.shared_ids import SharedIds
shared = SharedIds()
shared.attach(Path(sys.argv[1]))
for number in range(200):
    shared.add(f"other-{number}")
"""


def test_ids_another_process_noted_are_seen_here(tmp_path: Path) -> None:
    path = tmp_path / "created-ids"
    here = SharedIds()
    here.attach(path)
    here.add("mine")
    subprocess.run([sys.executable, "-c", _OTHER_PROCESS, str(path)], check=True, timeout=60)
    assert here.ids() == {"mine", *(f"other-{number}" for number in range(200))}


def test_a_line_still_being_written_is_read_once_complete(tmp_path: Path) -> None:
    path = tmp_path / "created-ids"
    shared = SharedIds()
    shared.attach(path)
    with path.open("a", encoding="utf-8") as file:
        file.write("complete\npart")
    assert shared.ids() == {"complete"}
    with path.open("a", encoding="utf-8") as file:
        file.write("ial\n")
    assert shared.ids() == {"complete", "partial"}


def test_an_id_noted_in_one_collection_is_no_object_of_another(tmp_path: Path) -> None:
    # Integer ids repeat across collections: invoice 3 protects no customer 3.
    path = tmp_path / "created-ids"
    writer = SharedIds()
    writer.attach(path)
    writer.add("3", "/invoices")
    writer.add("9")  # the creator did not know the collection: it may be anywhere
    reader = SharedIds()
    reader.attach(path)
    assert reader.ids_in("/customers") == {"9"}
    assert reader.ids_in("/invoices") == {"3", "9"}
    assert reader.ids() == {"3", "9"}


def test_without_a_file_a_process_keeps_its_own_ids() -> None:
    alone = SharedIds()
    alone.add("42")
    assert alone.ids() == {"42"}


class _Item:
    def __init__(self, label: str | None) -> None:
        if label is not None:
            self.operation_label = label
        self.markers: list[pytest.MarkDecorator] = []

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.markers.append(marker)


@pytest.mark.parametrize(
    ("label", "grouped"),
    [
        ("DELETE /things/{thing_id}", True),
        ("PATCH /me", True),
        ("POST /things", True),
        ("GET /things/{thing_id}", False),
        ("HEAD /things", False),
        (None, False),  # a test that schemathesis did not generate
    ],
)
def test_generated_writes_go_to_one_worker_and_reads_spread(label: str | None, grouped: bool) -> None:
    item = _Item(label)
    group_generated_writes([item])  # type: ignore[list-item]
    names = [marker.args[0] for marker in item.markers if marker.name == "xdist_group"]
    assert names == ([GENERATED_WRITES] if grouped else [])


def test_the_link_sequences_run_with_the_generated_writes() -> None:
    source = (Path(__file__).parents[2] / "suites" / "contract" / "test_stateful.py").read_text()
    assert "pytestmark = pytest.mark.xdist_group(GENERATED_WRITES)" in source
