"""The library: loaded once, indexed in memory, written in batches through one door.

Every write goes through ``Library._writing`` (the writer lock, the latest files
loaded) and ``Library._save``/``_write_main`` (one atomic file each): one
operation (one import, one batch of marks) is one write. TinyDB's default
storage rewrites the whole file on every insert; here a save writes only the
papers it changed, as a journal segment (see ``journal``), and a compaction
folds the journal into a new main file. The file format is in ``files``, the
record/document conversion in ``converters``, the merge in ``index``/``merge``.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import parsers
from parsers.record import ParseResult

from ..gc_pause import gc_paused
from ..imports import FileReport, page_key, read_page
from ..records import LibraryPaper
from . import history, journal
from .converters import Extra, paper_from_doc
from .files import LibraryError, check_db_path
from .head import head_ids, read_head
from .index import MergeIndex, merge_page
from .living import Living
from .writer import CompactionFailed, _order_key


class Library(Living):
    """The user's library. Load with :meth:`open`; every change is one atomic write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._papers: dict[str, LibraryPaper] = {}
        self._index = MergeIndex()
        self._stamp: journal.Stamp | None = None
        self._tables: dict[str, Any] = {}  # the file's tables other than the papers
        # paper id -> TinyDB document id, in the order of the documents in the file
        self._doc_ids: dict[str, int] = {}
        self._extras: dict[str, Extra] = {}
        self._shared: dict[str, Any] = {}  # interned small strings (see converters.paper_from_doc)
        self._applied: list[Path] = []  # journal segments read or written since the load
        self._other_layout = False  # the main file is not in lines: rewrite it on save
        self._head_ids: list[str] | None = None  # the file's head (see head.read_head)
        self._manifest: journal.Manifest | None = None  # None: write a main file next
        self._loaded = False
        self._indexed = True  # nothing loaded yet: the (empty) indexes are complete
        self._order: list[LibraryPaper] | None = None
        self.version = 0  # bumped on every change, for caches built on top

    # -- loading --------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike) -> Library:
        lib = cls(_db_path(path))
        lib._load()
        return lib

    @classmethod
    def deferred(cls, path: str | os.PathLike) -> tuple[Library, Preview | None]:
        """The library not read yet (``ensure_loaded`` reads it, e.g. in a worker) and
        the first screenful of it when the file carries one: what the app draws first."""
        lib = cls(_db_path(path))
        head = read_head(lib.path)
        if head is None:
            return lib, None
        shared: dict[str, Any] = {}
        try:
            papers = [paper_from_doc(doc, shared)[0] for doc in head["docs"]]
        except (KeyError, TypeError, AttributeError):
            return lib, None  # not as this version writes it: read everything first
        return lib, Preview(papers, head["papers"])

    def ensure_loaded(self) -> None:
        if not self._loaded:
            self._load()

    def _load(self) -> None:
        stamp = self._file_stamp()
        if self._catch_up(stamp):
            return
        papers: dict[str, LibraryPaper] = {}
        doc_ids: dict[str, int] = {}
        extras: dict[str, Extra] = {}
        shared: dict[str, str] = {}
        build, reset = self._builder(papers, doc_ids, extras, shared)
        layout: list[str] = []
        segment_tables: list[dict[str, Any]] = []
        with gc_paused():
            tables, applied, last, manifest = journal.read_with_journal(
                self.path, build, reset, layout, segment_tables.append
            )
            # What was just loaded lives as long as the library: keep collections from
            # walking it again and again (at 100k papers each full pass stalls the app).
            # Frozen before the GC is back on, or its first pass would walk it all.
            gc.freeze()
        self._tables = tables
        self._papers = papers
        self._doc_ids = doc_ids
        self._extras = extras
        self._shared = shared
        self._applied = applied
        self._other_layout = bool(layout)
        self._manifest = manifest
        self._head_ids = _head_ids(last or tables, papers)
        tables.pop("head", None)  # derived from the papers: rebuilt at every write
        for more in segment_tables:
            history.fold(tables, more)
        self._loaded = True
        self._indexed = False  # the merge indexes are built when an import needs them
        self._order = None
        self._stamp = stamp
        self.version += 1

    @staticmethod
    def _builder(papers, doc_ids, extras, shared):
        def build(doc_id: int, doc: dict[str, Any]) -> None:
            paper, extra = paper_from_doc(doc, shared)
            papers[paper.id] = paper
            doc_ids.pop(paper.id, None)  # a changed document moves to the end, as in TinyDB
            doc_ids[paper.id] = doc_id
            extras.pop(paper.id, None)
            if extra is not None:
                extras[paper.id] = extra

        def reset() -> None:
            papers.clear()
            doc_ids.clear()
            extras.clear()

        return build, reset

    def _catch_up(self, stamp: journal.Stamp | None) -> bool:
        """When another process only added journal segments since the last load, apply
        just those (at 100,000 papers a whole reload takes seconds). False if the main
        file changed or a segment was rewritten: then everything is read again."""
        old = self._stamp
        if old is None or stamp is None or stamp[0] != old[0]:
            return False
        base = journal.generation(self._tables)
        manifest = self._manifest
        todo: list[tuple[Path, tuple[journal.Manifest, int, str] | None]] = []
        if old[1] or stamp[1]:  # a manifest names the segments: only ones added to it
            if manifest is None or not stamp[1]:
                return False
            try:
                new = journal.parse_manifest(self.path, stamp[1])
            except LibraryError:
                return False  # the full read says what is wrong
            same = (new.library, new.generation, new.number)
            if same != (manifest.library, manifest.generation, manifest.number):
                return False
            if new.segments[: len(manifest.segments)] != manifest.segments:
                return False
            for seq, sid in new.segments[len(manifest.segments) :]:
                todo.append((journal.segment_path(self.path, seq), (new, seq, sid)))
            manifest = new
        else:
            if stamp[2][: len(old[2])] != old[2]:
                return False
            todo = [(self.path.with_name(name), None) for name, *_ in stamp[2][len(old[2]) :]]
        touched: list[str] = []
        build, _ = self._builder(self._papers, self._doc_ids, self._extras, self._shared)

        def track(doc_id: int, doc: dict[str, Any]) -> None:
            build(doc_id, doc)
            touched.append(str(doc.get("id")))

        try:
            with gc_paused():
                for seg, expect in todo:
                    tables = journal.read_segment(seg, base, track, expect=expect)
                    if tables is not None:
                        history.fold(self._tables, tables)
                        self._applied.append(seg)
                        self._head_ids = _head_ids(tables, self._papers)
        except FileNotFoundError:
            return False
        self._manifest = manifest
        if self._indexed:
            for pid in touched:
                if (paper := self._papers.get(pid)) is not None:
                    self._index.add(paper)
        self._order = None
        self._stamp = stamp
        self.version += 1
        return True

    def build_indexes(self) -> None:
        """Build the indexes an import merges with now (they are built on first need
        otherwise), and load the parsers (``parsers.prepare``): the app does it while
        the user picks a file."""
        self._ensure_index()
        parsers.prepare()

    def _ensure_index(self) -> None:
        self.ensure_loaded()
        if not self._indexed:
            with gc_paused():
                self._index.rebuild(self._papers.values())
                gc.freeze()  # as long-lived as the papers (see _load)
            self._indexed = True

    # -- reading ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._papers)

    def papers(self) -> list[LibraryPaper]:
        """All papers, newest year first, then title (sorted once per change)."""
        self.ensure_loaded()
        if self._order is None:
            self._order = sorted(self._papers.values(), key=_order_key)
        return list(self._order)

    def get(self, paper_id: str) -> LibraryPaper | None:
        return self._papers.get(paper_id)

    def knows_name(self, name: str) -> bool:
        return self._name_lookup()(name)

    def _name_lookup(self) -> Callable[[str], bool]:
        self._ensure_index()
        return self._index.name_lookup()

    def has_page(self, sha256: str) -> bool:
        self._ensure_index()
        return sha256 in self._index.page_hashes

    def subjects(self) -> list[str]:
        """The people whose author-cluster pages were imported."""
        seen: dict[str, None] = {}
        for paper in self._papers.values():
            for s in paper.sources:
                if s.subject:
                    seen.setdefault(s.subject, None)
        return list(seen)

    # -- writing ----------------------------------------------------------------

    def compact(self, only_if_due: bool = False) -> bool:
        """Fold the journal into a new main file (one atomic write; the old main file is
        kept as ``.bak``). Returns whether it wrote."""

        def op() -> bool:
            if only_if_due and not self.compaction_due():
                return False
            self._write_main()
            return True

        return self._transact(op)

    def compact_after(self) -> None:
        """The compaction a front end runs after a write that landed: its failure is a
        ``CompactionFailed`` (the write is safe; say so, exit 0)."""
        try:
            self.compact(only_if_due=True)
        except LibraryError as exc:
            raise CompactionFailed(f"saved, but folding the journal failed: {exc}") from exc

    def marked(self) -> list[LibraryPaper]:
        return [p for p in self.papers() if p.marked]

    def import_files(
        self,
        paths: Iterable[str | os.PathLike],
        progress: Callable[[int, int, str], None] | None = None,
        fmt: str | None = None,
    ) -> list[FileReport]:
        """Parse and merge every file (``imports.read_page``), then write once. Bad files
        are reported, not raised."""
        files = [Path(p) for p in paths]

        def op() -> list[FileReport]:
            reports: list[FileReport] = []
            changed: dict[str, LibraryPaper] = {}
            stamp, before = batch_stamp(), dict[str, Any]()  # one batch: every page of this import
            for n, path in enumerate(files):
                if progress:
                    progress(n, len(files), str(path))
                read = read_page(path, self._name_lookup(), self.has_page, fmt)
                reports.append(read.report)
                if read.result is not None:
                    self.merge_result(
                        read.result,
                        read.file,
                        read.sha256,
                        read.report,
                        changed,
                        saved=read.saved,
                        page=read.page,
                        stamp=stamp,
                        before=before,
                    )
            if progress:
                progress(len(files), len(files), "")
            if changed:
                names = [r.file for r in reports if r.error is None]
                self._record_import(before, names)
                self._save(changed.values())
            return reports

        return self._transact(op)

    def add_parsed(self, result: ParseResult, file: str, sha256: str | None = None) -> FileReport:
        """Merge an already parsed page (e.g. from a test or another front end). One write."""
        sha = sha256 or hashlib.sha256(repr(result.to_dict()).encode()).hexdigest()

        def op() -> FileReport:
            report = FileReport(
                file=file,
                format=result.format,
                found=len(result.papers),
                warnings=list(result.warnings),
                error=result.error,
            )
            if not result.ok:
                return report
            changed: dict[str, LibraryPaper] = {}
            saved = dt.date.today().isoformat()
            before: dict[str, Any] = {}
            self.merge_result(
                result, file, sha, report, changed, saved=saved, stamp=batch_stamp(), before=before
            )
            if changed:
                self._record_import(before, [file])
                self._save(changed.values())
            return report

        if not result.ok:
            return op()
        return self._transact(op)

    def merge_result(
        self,
        result: ParseResult,
        file: str,
        sha: str,
        report: FileReport,
        changed: dict[str, LibraryPaper],
        saved: str | None = None,
        page: str | None = None,
        stamp: str | None = None,
        before: dict[str, Any] | None = None,
    ) -> None:
        """Merge a parsed page into the in-memory library (no write; see ``index``)."""
        self._ensure_index()
        self._order = None
        page = page_key(result, file) if page is None else page
        with gc_paused():  # a page's papers, sources and records: thousands, none cyclic
            merge_page(
                self._papers,
                self._index,
                result,
                page,
                file,
                sha,
                report,
                changed,
                saved,
                stamp,
                before,
            )

    def _record_import(self, before: dict[str, Any], files: list[str]) -> None:
        """The history entry of an import: undo takes its papers out (and puts back
        the ones it changed as they were); nothing when it changed nothing."""
        if not before:
            return
        after: dict[str, Any] = {}  # filled by undo: what redo puts back (see living)
        names = ", ".join(f.replace("\\", "/").rsplit("/", 1)[-1] for f in files[:3])
        more = f" and {len(files) - 3} more" if len(files) > 3 else ""
        new = sum(1 for doc in before.values() if doc is None)
        what = f"import {names}{more}: {new} new, {len(before) - new} changed"
        self._record(what, "papers", before, after)


def batch_stamp() -> str:
    """An import's stamp, shared by the papers it adds (``is:new`` finds them by it): to
    the microsecond, so two imports in one second are two batches."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _head_ids(tables: dict[str, Any], papers: dict[str, LibraryPaper]) -> list[str] | None:
    """The ids in a file's head table, if they are all papers of the library (a head
    from another tool or version is recomputed at the next write)."""
    ids = head_ids(tables)
    if ids is None or not all(i in papers for i in ids):
        return None
    return ids


@dataclass(slots=True)
class Preview:
    """The first papers of a library in library order, and how many it has."""

    papers: list[LibraryPaper]
    total: int


def _db_path(path: str | os.PathLike) -> Path:
    """The library's path; a symlink's target, so that the link stays a link and the
    journal and manifest live beside the file they belong to."""
    db = Path(path).expanduser() if os.fspath(path) else Path("")
    check_db_path(db)
    if db.is_symlink():
        db = Path(os.path.realpath(db))
    return db
