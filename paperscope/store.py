"""The library: a TinyDB file, loaded once, indexed in memory, written in batches.

Writes are atomic (temp file, fsync, rename; the previous file is kept as
``<name>.bak``) and single-writer (a lock file beside the library), so a crash
or a kill at any moment leaves the old or the new library, never half of one.
TinyDB's default storage rewrites the whole file on every insert; here one
operation (one import, one batch of marks) is one write.

The file is TinyDB's JSON (``{"meta": {...}, "papers": {"1": {...}, ...}}``)
written with one paper document per line. Any JSON reader reads it; this one
reads it a line at a time and turns each document into a ``LibraryPaper`` at
once, so a 100,000-paper library is never in memory twice (raw documents and
papers) nor as one 300 MB string, and the papers are what a save serialises.
Files in any other layout (older versions wrote one line) are read whole and
rewritten in this layout by the next save.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from json.encoder import encode_basestring as _json_string
from pathlib import Path
from typing import Any

import orjson
from rapidfuzz import fuzz, process

import parsers
from parsers.base import title_key
from parsers.names import name_key
from parsers.record import Paper, ParseResult

from . import libfile
from .libfile import (  # noqa: F401 (LibraryStorage, SCHEMA: this module's public names)
    SCHEMA,
    LibraryError,
    LibraryStorage,
    atomic_write_bytes,
    dump_lines,
    segment_path,
)
from .merge import FUZZY_TITLE, build_view, fast_name_key, same_paper, title_numbers
from .records import VIEW_FIELDS, LibraryPaper, Source

LOCK_TIMEOUT = 60.0  # seconds to wait for another writer


# ---------------------------------------------------------------------------
# Conversion between records and documents


def _source_to_doc(src: Source) -> dict[str, Any]:
    return {
        "file": src.file,
        "sha256": src.sha256,
        "format": src.format,
        "subject": src.subject,
        "page_key": src.page_key,
        "position": src.position,
        "imported_at": src.imported_at,
        "record": src.record,
        "seen": src.seen,
    }


def _paper_to_doc(paper: LibraryPaper, extra: _Extra | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": paper.id}
    for name in VIEW_FIELDS:
        doc[name] = getattr(paper, name)
    # A source's abstract is stored only where it differs from the merged one.
    sources = []
    for src in paper.sources:
        sdoc = _source_to_doc(src)
        if src.record.get("abstract") == paper.abstract:
            record = sdoc["record"] = src.record.copy()
            record.pop("abstract", None)
        sources.append(sdoc)
    doc["sources"] = sources
    doc["marked"] = paper.marked
    doc["added_at"] = paper.added_at
    if extra is not None:  # fields a later version wrote, kept while the paper is unchanged
        doc.update(extra.paper)
        for sdoc, more in zip(sources, extra.sources, strict=False):
            if more:
                sdoc.update(more)
    return doc


def _disk_doc(paper: LibraryPaper, extra: _Extra | None) -> dict[str, Any]:
    """``_paper_to_doc`` for the file. Abstracts that are not ASCII go in pre-encoded:
    serialising a str caches its UTF-8 copy in it for good (CPython), which would
    add a second copy of most abstracts to the memory of the app after one save."""
    doc = _paper_to_doc(paper, extra)
    if not (paper.abstract or "").isascii():
        doc["abstract"] = _encoded(paper.abstract)
    for sdoc in doc["sources"]:
        text = sdoc["record"].get("abstract")
        if text and not text.isascii():
            sdoc["record"] = {**sdoc["record"], "abstract": _encoded(text)}
    return doc


def _encoded(text: str) -> orjson.Fragment:
    return orjson.Fragment(_json_string(text).encode())


@dataclass(slots=True)
class _Extra:
    """Document fields this version does not know, from the file: written back as read."""

    paper: dict[str, Any]
    sources: list[dict[str, Any] | None]


_PAPER_KEYS = frozenset(("id", *VIEW_FIELDS, "sources", "marked", "added_at"))
# _paper_from_doc builds records positionally (it is the hot loop of opening a
# library): a field added to them must be added there too, so say so at once.
if [f.name for f in fields(LibraryPaper)] != [
    "id",
    *VIEW_FIELDS,
    "sources",
    "marked",
    "added_at",
] or [f.name for f in fields(Source)] != [
    "file",
    "sha256",
    "format",
    "subject",
    "page_key",
    "position",
    "imported_at",
    "record",
    "seen",
]:
    raise RuntimeError("paperscope.records changed: update store._paper_from_doc")
_SOURCE_KEYS = frozenset(
    ("file", "sha256", "format", "subject", "page_key", "position", "imported_at", "record", "seen")
)


def _extra(doc: dict[str, Any]) -> _Extra:
    """Fields of a document and its sources that this version does not know."""
    sources = doc.get("sources") or ()
    return _Extra(
        paper={k: v for k, v in doc.items() if k not in _PAPER_KEYS},
        sources=[{k: v for k, v in s.items() if k not in _SOURCE_KEYS} or None for s in sources],
    )


# Short strings that repeat across papers: one object each (see _paper_from_doc).
_SMALL = ("venue", "venue_type", "pub_type", "date", "category", "added_at")


def _paper_from_doc(
    doc: dict[str, Any], shared: dict[str, Any]
) -> tuple[LibraryPaper, _Extra | None]:
    """The paper of a stored document (and its unknown fields), built from the document's
    own objects.

    The document is read from the file for this and dropped after, so its
    values are taken as they are, with one object for equal values: names,
    venues, dates and the like (``shared`` interns them across the library:
    a person's name is one string however many papers list it), and a
    record's value the view's when they are equal. At 100,000 papers that is
    about a fifth of the library's memory. Positional arguments: this runs
    100,000 times when a big library opens.
    """
    get = doc.get
    one = shared.setdefault
    title, abstract = get("title"), get("abstract")
    authors = [one(a, a) for a in get("authors") or ()]
    affiliations = [one(a, a) for a in get("affiliations") or ()]
    links = get("links")
    if type(links) is not list:
        links = list(links or [])
    view = {"title": title, "authors": authors, "affiliations": affiliations, "links": links}
    for name in _SMALL:
        value = get(name)
        view[name] = value if value is None else one(value, value)
    sources = []
    odd = not doc.keys() <= _PAPER_KEYS
    for s in get("sources") or ():
        odd = odd or not s.keys() <= _SOURCE_KEYS
        record = s.get("record")
        if type(record) is not dict:
            record = dict(record or {})
        for key, value in record.items():
            same = view.get(key)
            if same is not None and value == same and type(value) is type(same):
                record[key] = same
            elif type(value) is str and key != "abstract":
                record[key] = one(value, value)
            elif type(value) is list:
                record[key] = [one(x, x) if type(x) is str else x for x in value]
        record.setdefault("abstract", abstract)  # left out of the file when the same
        seen = s.get("seen")
        subject = s.get("subject")
        sources.append(
            Source(
                one(s["file"], s["file"]),
                one(s["sha256"], s["sha256"]),
                one(s["format"], s["format"]),
                subject if subject is None else one(subject, subject),
                one(s["page_key"], s["page_key"]),
                s["position"],
                one(s["imported_at"], s["imported_at"]),
                record,
                seen if seen is None else one(seen, seen),
            )
        )
    paper = LibraryPaper(
        doc["id"],
        title,
        authors,
        bool(get("authors_truncated")),
        affiliations,
        view["venue"],
        view["venue_type"],
        view["pub_type"],
        get("year"),
        view["date"],
        view["category"],
        get("score"),
        get("has_code"),
        abstract,
        links,
        bool(get("year_inferred")),
        sources,
        bool(get("marked")),
        view["added_at"] or "",
    )
    return paper, (_extra(doc) if odd else None)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic GC while a library is built: with a million new objects it would run
    hundreds of times, each time walking everything built so far."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ---------------------------------------------------------------------------
# Import reports


@dataclass(slots=True)
class FileReport:
    """What importing one file did."""

    file: str
    format: str | None = None
    found: int = 0
    declared: int | None = None
    new: int = 0
    merged: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    new_titles: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "found": self.found,
            "declared": self.declared,
            "new": self.new,
            "merged": self.merged,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "warnings": self.warnings,
            "error": self.error,
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def page_key(result: ParseResult, file: str) -> str:
    """A page's identity across re-saves: its person for author pages, else its file name."""
    subject = result.header.get("subject")
    if subject:
        return f"{result.format}:{name_key(subject)}"
    return f"{result.format}:file:{Path(file).name}"


# ---------------------------------------------------------------------------
# The library


class Library:
    """The user's library. Load with :meth:`open`; every change is one atomic write."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._papers: dict[str, LibraryPaper] = {}
        self._by_key: dict[str, list[str]] = {}
        # block -> {paper id: the title key it is in the block by} (see _blocks)
        self._blocks: dict[tuple[str, str, str], dict[str, str]] = {}
        self._names: set[str] = set()
        self._page_hashes: set[str] = set()
        self._stamp: tuple[int, ...] | None = None
        self._tables: dict[str, Any] = {}  # the file's tables other than the papers
        # paper id -> TinyDB document id, in the order of the documents in the file
        self._doc_ids: dict[str, int] = {}
        self._extras: dict[str, _Extra] = {}
        self._shared: dict[str, Any] = {}  # interned small strings (see _paper_from_doc)
        self._applied: list[Path] = []  # journal segments read or written since the load
        self._other_layout = False  # the main file is not in lines: rewrite it on save
        self._head_ids: list[str] | None = None  # the file's head (see libfile.read_head)
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
        head = libfile.read_head(lib.path)
        if head is None:
            return lib, None
        shared: dict[str, Any] = {}
        try:
            papers = [_paper_from_doc(doc, shared)[0] for doc in head["docs"]]
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
        libfile.remove(s for s in libfile.segments(self.path) if s not in applied)

    def _file_stamp(self) -> tuple | None:
        return libfile.stamp(self.path)

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
        extras: dict[str, _Extra] = {}
        shared: dict[str, str] = {}
        build, reset = self._builder(papers, doc_ids, extras, shared)
        layout: list[str] = []
        with _gc_paused():
            tables, applied, last = libfile.read_with_journal(self.path, build, reset, layout)
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
            paper, extra = _paper_from_doc(doc, shared)
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

    def _catch_up(self, stamp: tuple | None) -> bool:
        """When another process only added journal segments since the last load, apply
        just those (at 100,000 papers a whole reload takes seconds). False if the main
        file changed or a segment was rewritten: then everything is read again."""
        old = self._stamp
        if old is None or stamp is None or stamp[0] != old[0]:
            return False
        if stamp[1][: len(old[1])] != old[1]:
            return False
        base = libfile.generation(self._tables)
        touched: list[str] = []
        build, _ = self._builder(self._papers, self._doc_ids, self._extras, self._shared)

        def track(doc_id: int, doc: dict[str, Any]) -> None:
            build(doc_id, doc)
            touched.append(doc.get("id"))

        new = [self.path.with_name(name) for name, *_ in stamp[1][len(old[1]) :]]
        try:
            with _gc_paused():
                for seg in new:
                    tables = libfile.read_segment(seg, base, track)
                    if tables is not None:
                        self._applied.append(seg)
                        self._head_ids = _head_ids(tables, self._papers)
        except FileNotFoundError:
            return False
        if self._indexed:
            for pid in touched:
                if (paper := self._papers.get(pid)) is not None:
                    self._index(paper)
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
            with _gc_paused():
                self._reindex()
                gc.freeze()  # as long-lived as the papers (see _load)
            self._indexed = True

    def _reindex(self) -> None:
        self._by_key = {}
        self._blocks = {}
        names: set[str] = set()  # as written: one key per distinct name, not per listing
        hashes: set[str] = set()
        for paper in self._papers.values():
            self._index_titles(paper)
            names.update(paper.authors)
            hashes.update([s.sha256 for s in paper.sources])
        self._names = set(map(fast_name_key, names))
        self._page_hashes = hashes

    def _index(self, paper: LibraryPaper) -> None:
        self._index_titles(paper)
        self._names.update(map(fast_name_key, paper.authors))
        self._page_hashes.update(s.sha256 for s in paper.sources)

    def _index_titles(self, paper: LibraryPaper) -> None:
        keys = {title_key(paper.title)}
        for s in paper.sources:
            other = s.record.get("title") or ""
            if other != paper.title:
                keys.add(title_key(other))
        for key in keys:
            if key:
                self._by_key.setdefault(key, []).append(paper.id)
                for block in _blocks(key):
                    self._blocks.setdefault(block, {})[paper.id] = key

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
        """``knows_name`` as a closure: parsers call it for every place a name could
        start on a feed line (hundreds of thousands of times for a big page)."""
        self._ensure_index()
        names = self._names

        def known(name: str) -> bool:
            return fast_name_key(name) in names

        return known

    def has_page(self, sha256: str) -> bool:
        self._ensure_index()
        return sha256 in self._page_hashes

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
        if not self.path.exists() or self._other_layout or libfile.generation(self._tables) is None:
            self._write_main()
            return
        papers, extras = self._papers, self._extras
        docs = ((doc_ids[pid], _disk_doc(papers[pid], extras.get(pid))) for pid in changed_ids)
        on_disk = libfile.segments(self.path)
        seq = libfile.segment_seq(on_disk[-1]) + 1 if on_disk else 1
        seg = segment_path(self.path, seq)
        tables = {
            "meta": self._tables["meta"],
            "journal": {"1": {"base": libfile.generation(self._tables), "seq": seq}},
            "head": self._head_table(changed_ids),
        }
        with _gc_paused():
            atomic_write_bytes(seg, dump_lines(tables, docs), backup=False)
        self._applied.append(seg)
        self._stamp = self._file_stamp()
        self.version += 1

    def _write_main(self) -> None:
        """Everything into a new main file (new generation), then the journal is dropped."""
        self._tables["meta"] = libfile.new_generation(self._tables.get("meta"))
        old = libfile.segments(self.path)
        papers, extras = self._papers, self._extras
        docs = (
            (doc_id, _disk_doc(papers[pid], extras.get(pid)))
            for pid, doc_id in self._doc_ids.items()
        )
        self._head_ids = None  # the head from a full sort
        tables = {**self._tables, "head": self._head_table([])}
        with _gc_paused():
            atomic_write_bytes(self.path, dump_lines(tables, docs))
        libfile.remove(old)  # all in the new main file; a crash before this loses nothing
        self._applied = []
        self._other_layout = False
        self._stamp = self._file_stamp()
        self.version += 1

    def _head_table(self, changed_ids: list[str]) -> dict[str, Any]:
        """The first papers in library order, for ``libfile.read_head``. Papers are never
        removed and their order depends on their own fields only, so the new first ones
        are among the old first ones and the changed ones: no sort of the library."""
        n = libfile.HEAD_SIZE
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
        return libfile.head_table(len(self._papers), [_disk_doc(p, extras.get(p.id)) for p in top])

    def journal_bytes(self) -> int:
        total = 0
        for seg in libfile.segments(self.path):
            with contextlib.suppress(FileNotFoundError):
                total += seg.stat().st_size
        return total

    def compaction_due(self) -> bool:
        """Whether the journal has grown enough that the next quiet moment should fold it
        into the main file: past half the main file, or many segments (each is one more
        file to open at start-up)."""
        segs = libfile.segments(self.path)
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
        paths = [Path(p) for p in paths]
        reports: list[FileReport] = []
        changed: dict[str, LibraryPaper] = {}
        with self._writing():
            for n, path in enumerate(paths):
                if progress:
                    progress(n, len(paths), str(path))
                reports.append(self._import_one(path, changed, fmt))
            if progress:
                progress(len(paths), len(paths), "")
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

    def _import_one(
        self, path: Path, changed: dict[str, LibraryPaper], fmt: str | None
    ) -> FileReport:
        report = FileReport(file=str(path))
        try:
            data = path.read_bytes()
        except IsADirectoryError:
            report.error = "is a directory"
            return report
        except FileNotFoundError:
            report.error = "no such file"
            return report
        except OSError as exc:
            report.error = exc.strerror or str(exc)
            return report
        sha = hashlib.sha256(data).hexdigest()
        result = parsers.parse_bytes(
            data, saved=parsers.saved_date(path), known=self._name_lookup(), fmt=fmt
        )
        report.format = result.format
        report.warnings = list(result.warnings)
        if not result.ok:
            report.error = result.error
            return report
        report.found = len(result.papers)
        report.declared = result.header.get("declared_papers")
        if self.has_page(sha):
            report.unchanged = report.found
            return report
        saved = parsers.saved_date(path).isoformat()
        self.merge_result(result, str(path.resolve()), sha, report, changed, saved=saved)
        return report

    def merge_result(
        self,
        result: ParseResult,
        file: str,
        sha: str,
        report: FileReport,
        changed: dict[str, LibraryPaper],
        saved: str | None = None,
    ) -> None:
        """Merge a parsed page into the in-memory library (no write).

        ``saved`` is the day the page was saved; with the page's own date it tells
        by when each paper existed.
        """
        self._ensure_index()
        self._order = None
        key = page_key(result, file)
        now = _now()
        seen = result.header.get("page_date") or saved
        subject = result.header.get("subject")
        for position, paper in enumerate(result.papers, start=1):
            record = _record(paper)
            source = Source(
                file=file,
                sha256=sha,
                format=result.format or "",
                subject=subject,
                page_key=key,
                position=position,
                imported_at=now,
                record=record,
                seen=seen,
            )
            target = self._find(record)
            if target is None:
                target = LibraryPaper(id=self._new_id(record["title"]), title=record["title"])
                target.added_at = now
                target.sources.append(source)
                self._papers[target.id] = target
                report.new += 1
                report.new_titles.append(record["title"])
            else:
                same_page = [s for s in target.sources if s.page_key == key]
                if same_page and any(_same_record(s.record, record) for s in same_page):
                    for s in same_page:  # newer save of the same page: refresh provenance
                        s.sha256, s.file, s.position = sha, file, position
                        s.seen = min(filter(None, (s.seen, seen)), default=None)
                    report.unchanged += 1
                    changed[target.id] = target
                    self._page_hashes.add(sha)
                    continue
                if same_page:
                    target.sources = [s for s in target.sources if s.page_key != key]
                    report.updated += 1
                else:
                    report.merged += 1
                target.sources.append(source)
            self._apply_view(target)
            self._index(target)
            changed[target.id] = target

    def _apply_view(self, paper: LibraryPaper) -> None:
        view = build_view([s.record for s in paper.sources])
        for name, value in view.items():
            setattr(paper, name, value)

    def _find(self, record: dict[str, Any]) -> LibraryPaper | None:
        self._ensure_index()
        key = title_key(record["title"])
        for pid in self._by_key.get(key, ()):
            paper = self._papers[pid]
            if same_paper(paper.view(), record, key, key):
                return paper
        # Score each block's titles in C first; check the guards only on close ones,
        # best score first (ties: by id, so the result does not depend on dict order).
        close: dict[str, tuple[float, str]] = {}
        for block in _blocks(key):
            members = self._blocks.get(block)
            if not members:
                continue
            for other_key, score, pid in process.extract(
                key, members, scorer=fuzz.ratio, score_cutoff=FUZZY_TITLE, limit=None
            ):
                close[pid] = (score, other_key)
        for pid in sorted(close, key=lambda p: (-close[p][0], p)):
            paper = self._papers[pid]
            if same_paper(paper.view(), record, close[pid][1], key):
                return paper
        return None

    def _new_id(self, title: str) -> str:
        base = "p" + hashlib.sha1(title_key(title).encode()).hexdigest()[:10]
        pid, n = base, 2
        while pid in self._papers:
            pid, n = f"{base}-{n}", n + 1
        return pid


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
    return ids


@dataclass(slots=True)
class Preview:
    """The first papers of a library in library order, and how many it has."""

    papers: list[LibraryPaper]
    total: int


_PAPER_FIELDS = tuple(f.name for f in fields(Paper))
_PLAIN = (str, int, float, bool, type(None))


def _record(paper: Paper) -> dict[str, Any]:
    """``paper.to_dict()`` (``dataclasses.asdict``) without its recursive deep copy:
    the fields are plain values and lists of strings, copied as such."""
    record = {name: getattr(paper, name) for name in _PAPER_FIELDS}
    for name, value in record.items():
        if type(value) is list and all(type(v) is str for v in value):
            record[name] = list(value)
        elif not isinstance(value, _PLAIN):
            return paper.to_dict()
    return record


def _same_record(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in VIEW_FIELDS)


def _blocks(key: str) -> list[tuple[str, str]]:
    """Candidate blocks for fuzzy title matching: first or last three words, same numbers.

    Titles whose numbers differ ("Part 2"/"Part 3", "YOLOv4"/"YOLOv5") are never
    the same paper, so they need not even be compared.
    """
    words = key.split()
    if not words:
        return []
    nums = " ".join(title_numbers(key))
    return [("head", " ".join(words[:3]), nums), ("tail", " ".join(words[-3:]), nums)]
