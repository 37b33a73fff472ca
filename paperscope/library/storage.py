"""TinyDB's door to the library, for tools: ``TinyDB(path, storage=LibraryStorage)``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from .files import dump_lines, write_file
from .journal import (
    Manifest,
    new_generation,
    read_with_journal,
    remove,
    segments,
    write_manifest,
)


class LibraryStorage(Storage):
    """A TinyDB storage for the library (for tools: ``TinyDB(path, storage=...)``).

    Reads the main file with its journal applied; ``flush()`` writes everything
    into the main file (a compaction) and removes the journal. ``Library``
    reads and writes the same files itself.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._data: dict[str, dict[str, Any]] | None = None
        self._dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None and self.path.exists():
            papers: dict[str, Any] = {}

            def build(i: int, doc: dict[str, Any]) -> None:
                papers.pop(str(i), None)  # a changed document moves to the end
                papers[str(i)] = doc

            tables, _, _, _ = read_with_journal(self.path, build, papers.clear)
            tables.pop("head", None)  # derived from the papers (see read_head)
            self._data = {**tables, "papers": papers}
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self._dirty = True

    def flush(self) -> None:
        if self._dirty and self._data is not None:
            papers = self._data.get("papers") or {}
            old = segments(self.path)
            tables = {**self._data, "meta": new_generation(self._data.get("meta"))}
            write_file(
                self.path,
                dump_lines(tables, ((int(k), v) for k, v in papers.items())),
                backup=True,
            )
            write_manifest(self.path, Manifest.of_main(tables))
            remove(old)
            self._dirty = False

    def close(self) -> None:
        pass
