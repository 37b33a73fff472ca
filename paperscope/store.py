"""The library: a TinyDB file, loaded once, indexed in memory, written in batches.

Writes are atomic (temp file, fsync, rename; the previous file is kept as
``<name>.bak``) and single-writer (a lock file beside the library), so a crash
or a kill at any moment leaves the old or the new library, never half of one.
TinyDB's default storage rewrites the whole file on every insert; here its
storage is cached and flushed once per operation (one import = one write).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from rapidfuzz import fuzz, process
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

import parsers
from parsers.base import title_key
from parsers.names import name_key
from parsers.record import ParseResult

from .merge import FUZZY_TITLE, build_view, same_paper, title_numbers
from .records import VIEW_FIELDS, LibraryPaper, Source

SCHEMA = 1
LOCK_TIMEOUT = 60.0  # seconds to wait for another writer


class LibraryError(Exception):
    """A problem with the library file; the message is one line for the user."""


# ---------------------------------------------------------------------------
# Storage


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, backup: bool = True) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file only."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    if backup and path.exists():
        bak = path.with_name(path.name + ".bak")
        bak_tmp = path.with_name(f".{path.name}.{os.getpid()}.bak.tmp")
        with contextlib.suppress(FileNotFoundError):
            bak_tmp.unlink()
        try:
            os.link(path, bak_tmp)  # the previous good copy, without copying bytes
        except OSError:
            bak_tmp.write_bytes(path.read_bytes())
        os.replace(bak_tmp, bak)
    os.replace(tmp, path)
    _fsync_dir(path.parent)


class LibraryStorage(Storage):
    """TinyDB storage: read once from disk, changes kept in memory until ``flush()``.

    ``flush()`` writes the whole file atomically with orjson. Damaged files and
    files from a newer version are refused with a clear message, never replaced.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._data: dict[str, dict[str, Any]] | None = None
        self._dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None:
            self._data = self._read_disk()
        return self._data

    def _read_disk(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise LibraryError(f"cannot read the library {self.path}: {exc.strerror}") from exc
        if not raw.strip():
            raise LibraryError(_damaged(self.path, "the file is empty"))
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise LibraryError(_damaged(self.path, "not valid JSON (truncated?)")) from exc
        _check_schema(self.path, data)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self._dirty = True

    def flush(self) -> None:
        if self._dirty and self._data is not None:
            atomic_write_bytes(self.path, orjson.dumps(self._data))
            self._dirty = False

    def close(self) -> None:
        pass


def _damaged(path: Path, why: str) -> str:
    bak = path.with_name(path.name + ".bak")
    way_out = (
        f"the previous good copy is {bak}; copy it over the library to restore it"
        if bak.exists()
        else "move it away to start a new library"
    )
    return f"the library {path} is damaged: {why}; it was left untouched — {way_out}"


def _check_schema(path: Path, data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("papers", {}), dict):
        raise LibraryError(_damaged(path, "not a PaperScope library"))
    meta = data.get("meta") or {}
    schema = None
    for doc in meta.values() if isinstance(meta, dict) else ():
        if isinstance(doc, dict) and "schema" in doc:
            schema = doc["schema"]
    if data.get("papers") and schema is None:
        raise LibraryError(_damaged(path, "no schema version"))
    if isinstance(schema, int) and schema > SCHEMA:
        raise LibraryError(
            f"the library {path} was written by a newer PaperScope (schema {schema}, "
            f"this version reads {SCHEMA}); upgrade PaperScope — the file was left untouched"
        )


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


def _paper_to_doc(paper: LibraryPaper) -> dict[str, Any]:
    doc: dict[str, Any] = {"id": paper.id}
    for name in VIEW_FIELDS:
        doc[name] = getattr(paper, name)
    # A source's abstract is stored only where it differs from the merged one.
    sources = []
    for src in paper.sources:
        sdoc = _source_to_doc(src)
        if src.record.get("abstract") == paper.abstract:
            sdoc["record"] = {k: v for k, v in src.record.items() if k != "abstract"}
        sources.append(sdoc)
    doc["sources"] = sources
    doc["marked"] = paper.marked
    doc["added_at"] = paper.added_at
    return doc


_LISTS = ("authors", "affiliations", "links")
# Source fields that repeat for every paper of a page: one string object per value.
_SHARED = ("file", "sha256", "format", "subject", "page_key", "imported_at", "seen")


def _paper_from_doc(doc: dict[str, Any], shared: dict[str, str]) -> LibraryPaper:
    """The paper of a stored document, sharing the document's objects (no copies).

    Equal values are made one object (``shared`` interns page-level strings, a
    record's title and author list point at the view's), in the document too:
    it serialises the same, and a 100,000-paper library needs far less memory.
    Only the records whose abstract was left out (it equals the merged one)
    are copied to put it back.
    """
    get = doc.get
    view = {name: get(name) for name in VIEW_FIELDS}
    for name in _LISTS:
        if type(view[name]) is not list:
            view[name] = list(view[name] or [])
    view["authors_truncated"] = bool(view["authors_truncated"])
    view["year_inferred"] = bool(view["year_inferred"])
    abstract, title, authors = view["abstract"], view["title"], view["authors"]
    sources = []
    for s in get("sources") or ():
        for name in _SHARED:
            value = s.get(name)
            if value is not None:
                s[name] = shared.setdefault(value, value)
        record = s.get("record") or {}
        if record.get("title") == title:
            record["title"] = title
        if record.get("authors") == authors:
            record["authors"] = authors
        if "abstract" not in record:
            record = dict(record)
            record["abstract"] = abstract
        sources.append(
            Source(
                file=s["file"],
                sha256=s["sha256"],
                format=s["format"],
                subject=s.get("subject"),
                page_key=s["page_key"],
                position=s["position"],
                imported_at=s["imported_at"],
                record=record,
                seen=s.get("seen"),
            )
        )
    return LibraryPaper(
        id=doc["id"],
        sources=sources,
        marked=bool(get("marked")),
        added_at=get("added_at") or "",
        **view,
    )


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
        self._blocks: dict[tuple[str, str, str], set[str]] = {}
        self._keys: dict[str, str] = {}  # paper id -> normalised title
        self._names: set[str] = set()
        self._page_hashes: set[str] = set()
        self._stamp: tuple[int, int] | None = None
        self._db: TinyDB | None = None
        self._doc_ids: dict[str, int] = {}
        self._indexed = True  # nothing loaded yet: the (empty) indexes are complete
        self._order: list[LibraryPaper] | None = None
        self.version = 0  # bumped on every change, for caches built on top

    # -- loading --------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike) -> Library:
        lib = cls(Path(path).expanduser())
        lib._load()
        return lib

    def _lock(self) -> FileLock:
        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the writer lock, with the latest file content loaded."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create {self.path.parent}: {exc.strerror}") from exc
        try:
            with self._lock():
                self._remove_stale_temp_files()
                if self.changed_on_disk():
                    self._load()
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

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def changed_on_disk(self) -> bool:
        """Whether another process has written the library since it was loaded."""
        return self._file_stamp() != self._stamp

    def reload(self) -> None:
        self._load()

    def _load(self) -> None:
        stamp = self._file_stamp()
        with _gc_paused():
            db = TinyDB(self.path, storage=LibraryStorage)
            table = (db.storage.read() or {}).get("papers") or {}
            papers: dict[str, LibraryPaper] = {}
            doc_ids: dict[str, int] = {}
            shared: dict[str, str] = {}
            for doc_id, doc in table.items():  # the stored documents themselves, no copies
                paper = _paper_from_doc(doc, shared)
                papers[paper.id] = paper
                doc_ids[paper.id] = int(doc_id)
        self._db = db
        self._papers = papers
        self._doc_ids = doc_ids
        self._indexed = False  # the merge indexes are built when an import needs them
        self._order = None
        self._stamp = stamp
        self.version += 1
        # What was just loaded lives as long as the library: keep later collections
        # from walking it again and again (they would stall the app at 100k papers).
        gc.freeze()

    def _ensure_index(self) -> None:
        if not self._indexed:
            with _gc_paused():
                self._reindex()
            self._indexed = True

    def _reindex(self) -> None:
        self._by_key = {}
        self._keys = {}
        self._blocks = {}
        self._names = set()
        self._page_hashes = set()
        for paper in self._papers.values():
            self._index(paper)

    def _index(self, paper: LibraryPaper) -> None:
        key = self._keys[paper.id] = title_key(paper.title)
        keys = {key}
        for s in paper.sources:
            other = s.record.get("title") or ""
            if other != paper.title:
                keys.add(title_key(other))
        for key in keys:
            if key:
                self._by_key.setdefault(key, []).append(paper.id)
                for block in _blocks(key):
                    self._blocks.setdefault(block, set()).add(paper.id)
        self._names.update(name_key(a) for a in paper.authors)
        self._page_hashes.update(s.sha256 for s in paper.sources)

    # -- reading ----------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._papers)

    def papers(self) -> list[LibraryPaper]:
        """All papers, newest year first, then title (sorted once per change)."""
        if self._order is None:
            self._order = sorted(
                self._papers.values(), key=lambda p: (-(p.year or 0), title_key(p.title))
            )
        return list(self._order)

    def get(self, paper_id: str) -> LibraryPaper | None:
        return self._papers.get(paper_id)

    def knows_name(self, name: str) -> bool:
        # Parsers ask this for every place a name could start on a feed line.
        # Most names are already in key form but for case: skip name_key then.
        self._ensure_index()
        key = name.casefold()
        if key in self._names:
            return True
        if "  " in name or name != name.strip() or name[-1:].isdigit() or not name.isprintable():
            return name_key(name) in self._names
        return False

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
        """One atomic write of the whole library (the caller holds the lock)."""
        changed = list(changed)
        meta = self._db.table("meta")
        if not meta.all():
            meta.insert({"schema": SCHEMA, "app": "paperscope"})
        table = self._db.table("papers", cache_size=0)
        replace = [self._doc_ids[p.id] for p in changed if p.id in self._doc_ids]
        if replace:
            table.remove(doc_ids=replace)
        next_id = max(self._doc_ids.values(), default=0) + 1
        docs = []
        for paper in changed:
            doc_id = self._doc_ids.get(paper.id)
            if doc_id is None:
                doc_id, next_id = next_id, next_id + 1
                self._doc_ids[paper.id] = doc_id
            docs.append(Document(_paper_to_doc(paper), doc_id=doc_id))
        table.insert_multiple(docs)
        self._db.storage.flush()
        self._stamp = self._file_stamp()
        self.version += 1

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
        report = FileReport(file=file, format=result.format, found=len(result.papers),
                            warnings=list(result.warnings), error=result.error)
        if not result.ok:
            return report
        changed: dict[str, LibraryPaper] = {}
        with self._writing():
            self.merge_result(result, file, sha, report, changed,
                              saved=dt.date.today().isoformat())
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
            data, saved=parsers.saved_date(path), known=self.knows_name, fmt=fmt
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
            record = paper.to_dict()
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
        candidates: set[str] = set()
        for block in _blocks(key):
            candidates |= self._blocks.get(block, set())
        if not candidates:
            return None
        # Score every candidate title in C first; check the guards only on close ones.
        choices = {pid: self._keys[pid] for pid in sorted(candidates)}
        for other_key, _score, pid in process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_TITLE, limit=None
        ):
            paper = self._papers[pid]
            if same_paper(paper.view(), record, other_key, key):
                return paper
        return None

    def _new_id(self, title: str) -> str:
        base = "p" + hashlib.sha1(title_key(title).encode()).hexdigest()[:10]
        pid, n = base, 2
        while pid in self._papers:
            pid, n = f"{base}-{n}", n + 1
        return pid


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
