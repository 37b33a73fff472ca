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

import contextlib
import datetime as dt
import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parsers.base import title_key
from parsers.record import ParseResult

from ..gc_pause import gc_paused
from ..imports import FileReport, page_key, read_page
from ..records import LibraryPaper
from . import journal
from .converters import Extra, disk_doc, paper_from_doc
from .files import LibraryError, atomic_write_bytes, dump_lines
from .index import MergeIndex, merge_page

LOCK_TIMEOUT = 60.0  # seconds to wait for another writer


class Library:
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
        self._head_ids: list[str] | None = None  # the file's head (see journal.read_head)
        self._loaded = False
        self._indexed = True  # nothing loaded yet: the (empty) indexes are complete
        self._order: list[LibraryPaper] | None = None
        self.version = 0  # bumped on every change, for caches built on top

    # -- loading --------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike) -> Library:
        lib = cls(Path(path).expanduser())
        lib._load()
        return lib

    @classmethod
    def deferred(cls, path: str | os.PathLike) -> tuple[Library, Preview | None]:
        """The library not read yet (``ensure_loaded`` reads it, e.g. in a worker) and
        the first screenful of it when the file carries one: what the app draws first."""
        lib = cls(Path(path).expanduser())
        head = journal.read_head(lib.path)
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

    def _lock(self):
        from filelock import FileLock  # only writers lock: not on the app's way to a frame

        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the writer lock, with the latest file content loaded."""
        from filelock import Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create {self.path.parent}: {exc.strerror}") from exc
        try:
            with self._lock():
                self._remove_stale_temp_files()
                if not self._loaded or self.changed_on_disk():
                    self._load()  # never write from a library not (or no longer) read
                self._remove_stale_segments()
                yield
        except Timeout as exc:
            raise LibraryError(
                f"the library {self.path} is locked by another PaperScope process; "
                "try again when it has finished"
            ) from exc

    def _remove_stale_temp_files(self) -> None:
        """Temp files of writers killed mid-write (we hold the lock: none is running)."""
        for stale in self.path.parent.glob(f".{self.path.name}.*tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _remove_stale_segments(self) -> None:
        """Segments of an older generation: a compaction that was killed after writing
        the new main file (which holds them) and before removing them."""
        applied = set(self._applied)
        journal.remove(s for s in journal.segments(self.path) if s not in applied)

    def _file_stamp(self) -> journal.Stamp | None:
        return journal.stamp(self.path)

    def changed_on_disk(self) -> bool:
        """Whether another process has written the library since it was loaded."""
        return self._loaded and self._file_stamp() != self._stamp

    def reload(self) -> None:
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
        with gc_paused():
            tables, applied, last = journal.read_with_journal(self.path, build, reset, layout)
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
        self._head_ids = _head_ids(last or tables, papers)
        tables.pop("head", None)  # derived from the papers: rebuilt at every write
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
        if stamp[1][: len(old[1])] != old[1]:
            return False
        base = journal.generation(self._tables)
        touched: list[str] = []
        build, _ = self._builder(self._papers, self._doc_ids, self._extras, self._shared)

        def track(doc_id: int, doc: dict[str, Any]) -> None:
            build(doc_id, doc)
            touched.append(str(doc.get("id")))

        new = [self.path.with_name(name) for name, *_ in stamp[1][len(old[1]) :]]
        try:
            with gc_paused():
                for seg in new:
                    tables = journal.read_segment(seg, base, track)
                    if tables is not None:
                        self._applied.append(seg)
                        self._head_ids = _head_ids(tables, self._papers)
        except FileNotFoundError:
            return False
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
        otherwise): the app does it while the user picks a file."""
        self._ensure_index()

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

    def _save(self, changed: Iterable[LibraryPaper]) -> None:
        """One atomic write of what changed (the caller holds the lock).

        The changed papers go into a new journal segment. A library without a main
        file yet, or whose main file has no generation token (written by an older
        version or another tool, maybe in another layout), is written whole.
        Changed papers go to the end, as TinyDB puts a removed and re-inserted
        document.
        """
        doc_ids = self._doc_ids
        next_id = max(doc_ids.values(), default=0) + 1
        changed_ids = []
        for paper in changed:
            self._extras.pop(paper.id, None)  # rebuilt from the paper, as TinyDB would
            doc_id = doc_ids.pop(paper.id, None)
            if doc_id is None:
                doc_id, next_id = next_id, next_id + 1
            doc_ids[paper.id] = doc_id
            changed_ids.append(paper.id)
        if not self.path.exists() or self._other_layout or journal.generation(self._tables) is None:
            self._write_main()
            return
        papers, extras = self._papers, self._extras
        docs = ((doc_ids[pid], disk_doc(papers[pid], extras.get(pid))) for pid in changed_ids)
        on_disk = journal.segments(self.path)
        seq = journal.segment_seq(on_disk[-1]) + 1 if on_disk else 1
        seg = journal.segment_path(self.path, seq)
        tables = {
            "meta": self._tables["meta"],
            "journal": {"1": {"base": journal.generation(self._tables), "seq": seq}},
            "head": self._head_table(changed_ids),
        }
        with gc_paused():
            atomic_write_bytes(seg, dump_lines(tables, docs), backup=False)
        self._applied.append(seg)
        self._stamp = self._file_stamp()
        self.version += 1

    def _write_main(self) -> None:
        """Everything into a new main file (new generation), then the journal is dropped."""
        self._tables["meta"] = journal.new_generation(self._tables.get("meta"))
        old = journal.segments(self.path)
        papers, extras = self._papers, self._extras
        docs = (
            (doc_id, disk_doc(papers[pid], extras.get(pid)))
            for pid, doc_id in self._doc_ids.items()
        )
        self._head_ids = None  # the head from a full sort
        tables = {**self._tables, "head": self._head_table([])}
        with gc_paused():
            atomic_write_bytes(self.path, dump_lines(tables, docs))
        journal.remove(old)  # all in the new main file; a crash before this loses nothing
        self._applied = []
        self._other_layout = False
        self._stamp = self._file_stamp()
        self.version += 1

    def _head_table(self, changed_ids: list[str]) -> dict[str, Any]:
        """The first papers in library order, for ``journal.read_head``. Papers are never
        removed and their order depends on their own fields only, so the new first ones
        are among the old first ones and the changed ones: no sort of the library."""
        n = journal.HEAD_SIZE
        if self._head_ids is None:
            top = self.papers()[:n]
        else:
            pool = {
                pid: self._papers[pid]
                for pid in [*self._head_ids, *changed_ids]
                if pid in self._papers
            }
            top = sorted(pool.values(), key=_order_key)[:n]
        self._head_ids = [p.id for p in top]
        extras = self._extras
        return journal.head_table(len(self._papers), [disk_doc(p, extras.get(p.id)) for p in top])

    def journal_bytes(self) -> int:
        total = 0
        for seg in journal.segments(self.path):
            with contextlib.suppress(FileNotFoundError):
                total += seg.stat().st_size
        return total

    def compaction_due(self) -> bool:
        """Whether the journal has grown enough that the next quiet moment should fold it
        into the main file: past half the main file, or many segments (each is one more
        file to open at start-up)."""
        segs = journal.segments(self.path)
        if not segs:
            return False
        try:
            main = self.path.stat().st_size
        except FileNotFoundError:
            return True
        return len(segs) > 32 or self.journal_bytes() > main // 2

    def compact(self, only_if_due: bool = False) -> bool:
        """Fold the journal into a new main file (one atomic write; the old main file is
        kept as ``.bak``). Returns whether it wrote."""
        with self._writing():
            if only_if_due and not self.compaction_due():
                return False
            self._write_main()
        return True

    def set_marked(self, ids: Iterable[str], marked: bool) -> int:
        """Mark or unmark papers; returns how many changed. One write."""
        ids = list(ids)
        with self._writing():
            changed = [
                p for i in ids if (p := self._papers.get(i)) is not None and p.marked != marked
            ]
            for p in changed:
                p.marked = marked
            if changed:
                self._save(changed)
        return len(changed)

    def marked(self) -> list[LibraryPaper]:
        return [p for p in self.papers() if p.marked]

    def import_files(
        self,
        paths: Iterable[str | os.PathLike],
        progress: Callable[[int, int, str], None] | None = None,
        fmt: str | None = None,
    ) -> list[FileReport]:
        """Parse and merge every file, then write once. Bad files are reported, not raised."""
        files = [Path(p) for p in paths]
        reports: list[FileReport] = []
        changed: dict[str, LibraryPaper] = {}
        with self._writing():
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
                    )
            if progress:
                progress(len(files), len(files), "")
            if changed:
                self._save(changed.values())
        return reports

    def add_parsed(self, result: ParseResult, file: str, sha256: str | None = None) -> FileReport:
        """Merge an already parsed page (e.g. from a test or another front end). One write."""
        sha = sha256 or hashlib.sha256(repr(result.to_dict()).encode()).hexdigest()
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
        with self._writing():
            self.merge_result(result, file, sha, report, changed, saved=dt.date.today().isoformat())
            if changed:
                self._save(changed.values())
        return report

    def merge_result(
        self,
        result: ParseResult,
        file: str,
        sha: str,
        report: FileReport,
        changed: dict[str, LibraryPaper],
        saved: str | None = None,
        page: str | None = None,
    ) -> None:
        """Merge a parsed page into the in-memory library (no write; see ``index``)."""
        self._ensure_index()
        self._order = None
        page = page_key(result, file) if page is None else page
        merge_page(self._papers, self._index, result, page, file, sha, report, changed, saved)


def _order_key(paper: LibraryPaper) -> tuple[int, str]:
    """Library order: newest year first, then title."""
    return (-(paper.year or 0), title_key(paper.title))


def _head_ids(tables: dict[str, Any], papers: dict[str, LibraryPaper]) -> list[str] | None:
    """The ids in a file's head table, if they are all papers of the library (a head
    from another tool or version is recomputed at the next write)."""
    head = (tables.get("head") or {}).get("1") or {}
    docs = head.get("docs") if isinstance(head, dict) else None
    if not isinstance(docs, list):
        return None
    ids = [d.get("id") for d in docs if isinstance(d, dict)]
    if len(ids) != len(docs) or not all(i in papers for i in ids):
        return None
    return [str(i) for i in ids]


@dataclass(slots=True)
class Preview:
    """The first papers of a library in library order, and how many it has."""

    papers: list[LibraryPaper]
    total: int
