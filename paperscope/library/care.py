"""For the day something goes wrong: ``check``, ``backup``, ``restore``, ``repair``.

``check`` reads every file of a library the way a reader does and says what is
wrong and what to run. ``backup`` writes one consistent single-file copy (a
reader's view, so it is safe while another process writes). ``restore`` puts a
backup in place and keeps the current state beside it. ``repair`` rebuilds a
damaged library from everything still readable (the ``.bak``, the main file's
intact lines, every segment of its generation in order) and keeps the damaged
files aside: it recovers the most, unlike copying the ``.bak`` over.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from . import journal
from .files import (
    LibraryError,
    check_db_path,
    dump_lines,
    head_line_tables,
    read_library,
    write_file,
)
from .store import Library


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a library: the file, what is wrong, what to run."""

    file: str
    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what} — {self.fix}"


def check(path: Path) -> list[Problem]:
    """Every problem found in the library at ``path`` (empty: it is sound)."""
    problems: list[Problem] = []
    try:
        check_db_path(path)
        Library.open(path)
    except LibraryError as exc:
        problems.append(Problem(str(path), str(exc), f"paperscope check --repair --db {path}"))
        return problems
    # Segment files the manifest does not name (an unfinished write, a file copied in)
    # are not part of the library and never read: not a problem; the next write
    # removes them.
    return problems


def _snapshot(path: Path) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any]]]]:
    """The library as one consistent state: its tables and documents, journal applied."""
    papers: dict[Any, tuple[int, dict[str, Any]]] = {}

    def build(doc_id: int, doc: dict[str, Any]) -> None:
        papers.pop(doc.get("id"), None)  # a changed document moves to the end
        papers[doc.get("id")] = (doc_id, doc)

    tables, _, _, _ = journal.read_with_journal(path, build, papers.clear)
    return tables, list(papers.values())


def backup(path: Path, dest: Path) -> int:
    """Write the library as one file (its journal folded in) to ``dest``; returns the
    number of papers. Reads as any reader does: safe while another process writes."""
    check_db_path(path)
    if not path.exists():
        raise LibraryError(f"there is no library at {path} to back up")
    tables, docs = _snapshot(path)
    tables = {**tables, "meta": journal.new_generation(tables.get("meta"))}
    tables.pop("head", None)
    write_file(dest, dump_lines(tables, docs))
    return len(docs)


def restore(path: Path, src: Path) -> Path | None:
    """Make the backup ``src`` the library at ``path``. Refuses a file that is not a
    library; the current library (if any) is first backed up beside it, and that
    backup's path is returned."""
    check_db_path(src)
    try:
        Library.open(src)
    except LibraryError as exc:
        raise LibraryError(f"{src} cannot be restored: {exc}") from exc
    kept = None
    if path.exists():
        kept = path.with_name(f"{path.name}.before-restore-{_now()}")
        try:
            backup(path, kept)
        except LibraryError:
            kept = _set_aside(path)  # damaged: keep its files as they are
    tables, docs = _snapshot(src)
    _install(path, tables, docs)
    return kept


def repair(path: Path) -> tuple[int, Path]:
    """Rebuild the library from everything still readable; returns the number of papers
    and the folder the damaged files were moved to."""
    by_id: dict[str, tuple[int, dict[str, Any]]] = {}

    def keep(doc_id: int, doc: dict[str, Any]) -> None:
        if isinstance(doc.get("id"), str):
            by_id.pop(doc["id"], None)
            by_id[doc["id"]] = (doc_id, doc)

    tables: dict[str, Any] = {}
    for source in (path.with_name(path.name + ".bak"), path):
        tables = _salvage_file(source, keep) or tables
    base = journal.generation(tables)
    for seg in journal.segments(path):
        docs: list[tuple[int, dict[str, Any]]] = []
        got = _salvage_file(seg, lambda i, d, docs=docs: docs.append((i, d))) or {}
        if journal.segment_base(got) == base or not base:
            for i, d in docs:
                keep(i, d)
    if not by_id:
        raise LibraryError(f"nothing readable is left of the library {path}")
    aside = _set_aside(path)
    _install(path, tables, list(by_id.values()))
    return len(by_id), aside


def _salvage_file(path: Path, build: Any) -> dict[str, Any] | None:
    """A file's tables and every document up to where it is damaged."""
    try:
        return read_library(path, build, lambda: None, missing_ok=False)
    except (LibraryError, OSError):
        pass
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    lines = raw.split(b"\n")
    tables = head_line_tables(lines[0]) if lines else None
    for line in lines[1:]:
        end = line.find(b'":', 1)
        if line[:1] != b'"' or end < 0 or not line[1:end].isdigit():
            continue
        body = line[end + 2 :].rstrip(b",")
        try:
            doc = orjson.loads(body)
        except orjson.JSONDecodeError:
            continue
        if isinstance(doc, dict):
            build(int(line[1:end]), doc)
    return tables


def _install(path: Path, tables: dict[str, Any], docs: list[tuple[int, dict[str, Any]]]) -> None:
    tables = {**tables, "meta": journal.new_generation(tables.get("meta"))}
    tables.pop("head", None)  # rebuilt by the next write
    tables.pop("journal", None)
    write_file(path, dump_lines(tables, docs), backup=path.exists())
    journal.write_manifest(path, journal.Manifest.of_main(tables))
    journal.remove(journal.segments(path))


def _set_aside(path: Path) -> Path:
    folder = path.with_name(f"{path.name}.damaged-{_now()}")
    folder.mkdir()
    for f in [path, journal.manifest_path(path), *journal.segments(path)]:
        if f.exists():
            shutil.copy2(f, folder / f.name)
    return folder


def _now() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")
