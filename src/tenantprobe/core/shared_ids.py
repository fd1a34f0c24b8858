"""Ids of objects the run's tests created and rely on, shared by every process of the run.

Generated writes by id (the contract suite) may change or delete any object, but never one that
another test created: a canary, a permission probe's fresh object, a trigger's. Under xdist those
tests run in other processes, so each process appends what it created to one file (the
controller's choice, handed to the workers) and reads the others' lines back when the file grew.
Lines are short and written with one ``O_APPEND`` write, so processes never interleave within one.
A line names the id's collection when the creator knew it (``collection<TAB>id``): in an API whose
ids are small integers, customer 3 and invoice 3 are different objects.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


class SharedIds:
    """One append-only file of ids; a process without a file keeps them in memory alone."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._ids: set[tuple[str, str]] = set()  # (collection, id); "" when the collection is unknown
        self._read_up_to = 0
        self._lock = threading.Lock()

    def attach(self, path: Path) -> None:
        """Share through ``path`` from now on (created if missing)."""
        with self._lock:
            self._path = path
            path.touch(exist_ok=True)
            self._read_up_to = 0

    def add(self, object_id: str, collection: str = "") -> None:
        object_id, collection = _one_line(object_id), _one_line(collection)
        line = (f"{collection}\t{object_id}" if collection else object_id) + "\n"
        with self._lock:
            self._ids.add((collection, object_id))
            if self._path is None:
                return
            descriptor = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, line.encode("utf-8"))
            finally:
                os.close(descriptor)

    def ids(self) -> set[str]:
        """Every id noted so far by any process of the run."""
        with self._lock:
            if self._path is not None:
                self._read_new_lines(self._path)
            return {object_id for _, object_id in self._ids}

    def ids_in(self, collection: str) -> set[str]:
        """The ids noted in ``collection``, and those noted without one (they may be anywhere)."""
        with self._lock:
            if self._path is not None:
                self._read_new_lines(self._path)
            return {object_id for where, object_id in self._ids if where in ("", collection)}

    def _read_new_lines(self, path: Path) -> None:
        try:
            size = path.stat().st_size
        except OSError:
            return
        if size <= self._read_up_to:
            return
        with path.open("rb") as file:
            file.seek(self._read_up_to)
            chunk = file.read(size - self._read_up_to)
        complete = chunk.rfind(b"\n") + 1  # a line still being written is read next time
        self._read_up_to += complete
        for line in chunk[:complete].decode("utf-8").splitlines():
            collection, tab, object_id = line.partition("\t")
            if line:
                self._ids.add((collection, object_id) if tab else ("", line))


def _one_line(text: str) -> str:
    return text.replace("\n", " ").replace("\t", " ")


SHARED_IDS = SharedIds()
