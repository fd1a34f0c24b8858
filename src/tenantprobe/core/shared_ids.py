"""Ids of objects the run's tests created and rely on, shared by every process of the run.

Generated writes by id (the contract suite) may change or delete any object, but never one that
another test created: a canary, a permission probe's fresh object, a trigger's. Under xdist those
tests run in other processes, so each process appends what it created to one file (the
controller's choice, handed to the workers) and reads the others' lines back when the file grew.
Lines are short and written with one ``O_APPEND`` write, so processes never interleave within one.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


class SharedIds:
    """One append-only file of ids; a process without a file keeps them in memory alone."""

    def __init__(self) -> None:
        self._path: Path | None = None
        self._ids: set[str] = set()
        self._read_up_to = 0
        self._lock = threading.Lock()

    def attach(self, path: Path) -> None:
        """Share through ``path`` from now on (created if missing)."""
        with self._lock:
            self._path = path
            path.touch(exist_ok=True)
            self._read_up_to = 0

    def add(self, object_id: str) -> None:
        line = object_id.replace("\n", " ") + "\n"
        with self._lock:
            self._ids.add(object_id)
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
            return set(self._ids)

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
        self._ids.update(line for line in chunk[:complete].decode("utf-8").splitlines() if line)


SHARED_IDS = SharedIds()
