"""The journal: segments beside the main file, read in order over it; and the head.

The library is a main file and zero or more journal segments beside it
(``<name>.journal-000001``, ...). A save writes only the papers it changed, as
a new segment: rewriting a 300 MB main file for every import of a page would
cost seconds. Reading applies the segments in order over the main file, a
later document replacing an earlier one with the same id, as TinyDB's update
does. Compaction writes everything into a new main file with a new generation
token; segments of an older generation are already in it and are ignored (and
deleted by the next writer), so a crash between the rename of the main file
and the removal of the segments loses nothing and applies nothing twice.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .files import SCHEMA, LibraryError, head_line_tables, read_library

# -- the journal ------------------------------------------------------------------

_SEGMENT = re.compile(r"\.journal-(\d{6,})$")


def segments(path: Path) -> list[Path]:
    """The journal segments of the library at ``path``, oldest first."""
    prefix = path.name + ".journal-"
    found = []
    try:
        entries = os.scandir(path.parent)
    except FileNotFoundError:
        return []
    with entries:
        for entry in entries:
            if entry.name.startswith(prefix):
                m = _SEGMENT.search(entry.name)
                if m and entry.name == prefix + m.group(1):
                    found.append((int(m.group(1)), Path(entry.path)))
    return [p for _, p in sorted(found)]


def segment_path(path: Path, seq: int) -> Path:
    return path.with_name(f"{path.name}.journal-{seq:06d}")


def segment_seq(segment: Path) -> int:
    m = _SEGMENT.search(segment.name)
    return int(m.group(1)) if m else 0


def generation(tables: dict[str, Any]) -> str | None:
    """The main file's generation token (None for files written before the journal)."""
    for doc in (tables.get("meta") or {}).values():
        if isinstance(doc, dict) and "generation" in doc:
            return doc["generation"]
    return None


def segment_base(tables: dict[str, Any]) -> str | None:
    """The generation of the main file a segment applies to."""
    return ((tables.get("journal") or {}).get("1") or {}).get("base")


Stamp = tuple[tuple[int, int, int, int], tuple[tuple[str, int, int], ...]]


def stamp(path: Path) -> Stamp | None:
    """Identity of the library's files: changes whenever any of them is rewritten."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    # Every write renames a new file into place: a new inode (and ctime) even when a
    # rewrite has the same size within one tick of a coarse clock (1 s on HFS+).
    main = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    journal = []
    for seg in segments(path):
        with contextlib.suppress(FileNotFoundError):
            s = os.stat(seg)
            journal.append((seg.name, s.st_ino, s.st_size))
    return (main, tuple(journal))


def read_with_journal(
    path: Path,
    build: Callable[[int, dict[str, Any]], None],
    reset: Callable[[], None],
    layout: list[str] | None = None,
) -> tuple[dict[str, Any], list[Path], dict[str, Any] | None]:
    """The main file then every segment of its generation to ``build``; returns the main
    file's tables, the segments applied and the tables of the last one. A segment that
    vanishes while it is read (another process compacting) restarts the read."""
    for _attempt in range(5):
        try:
            tables = read_library(path, build, reset, layout)
            base = generation(tables)
            applied = []
            last = None
            for seg in segments(path):
                got = read_segment(seg, base, build)
                if got is not None:
                    applied.append(seg)
                    last = got
            return tables, applied, last
        except FileNotFoundError:
            reset()
    raise LibraryError(f"the library {path} kept changing while it was read; try again")


def read_segment(
    seg: Path, base: str | None, build: Callable[[int, dict[str, Any]], None]
) -> dict[str, Any] | None:
    """Apply one segment if it belongs to generation ``base``; its tables, else None.
    Raises FileNotFoundError if it is gone (compacted away)."""
    docs: list[tuple[int, dict[str, Any]]] = []

    def keep(doc_id: int, doc: dict[str, Any]) -> None:
        docs.append((doc_id, doc))

    tables = read_library(seg, keep, docs.clear, missing_ok=False)
    if segment_base(tables) != base:
        return None  # an older generation: already in the main file
    for doc_id, doc in docs:
        build(doc_id, doc)
    return tables


def new_generation(meta: dict[str, Any] | None) -> dict[str, Any]:
    """The meta table with a fresh generation token (for a new main file)."""
    meta = {k: dict(v) if isinstance(v, dict) else v for k, v in (meta or {}).items()}
    doc = meta.setdefault("1", {"schema": SCHEMA, "app": "paperscope"})
    doc["generation"] = os.urandom(8).hex()
    return meta


def remove(paths: Iterable[Path]) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


# -- the head: the first screenful, so the app can draw before the library is read --

HEAD_SIZE = 120  # papers: more rows than a tall terminal shows at once


def head_table(total: int, docs: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``head`` table a file carries: the first papers of the library in its default
    order (newest year first, then title) as they are at this write, and the count."""
    return {"1": {"papers": total, "docs": docs}}


def _first_line_tables(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, "rb") as fh:
            line = fh.readline()
    except OSError:
        return None
    return head_line_tables(line)


def read_head(path: Path) -> dict[str, Any] | None:
    """The head of the library as its newest file (the main file or the last journal
    segment) wrote it: ``{"papers": total, "docs": [...]}``, or None when there is none
    to trust (no file, another layout, an older version, a segment of another
    generation). Reads the first line of at most two files."""
    tables = _first_line_tables(path)
    if tables is None:
        return None
    segs = segments(path)
    if segs:
        last = _first_line_tables(segs[-1])
        if last is None or segment_base(last) != generation(tables):
            return None
        tables = last
    head = (tables.get("head") or {}).get("1")
    if not isinstance(head, dict) or not isinstance(head.get("docs"), list):
        return None
    if not isinstance(head.get("papers"), int):
        return None
    return head
