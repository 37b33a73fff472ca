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
from filelock import FileLock, Timeout
from rapidfuzz import fuzz, process
from tinydb.storages import Storage

import parsers
from parsers.base import title_key
from parsers.names import name_key
from parsers.record import Paper, ParseResult

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


def atomic_write_bytes(
    path: Path, data: bytes | Iterable[bytes], *, backup: bool = True
) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file only.

    ``data`` may be bytes or an iterable of byte chunks, written as they come
    (a large library is never one string in memory).
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb", buffering=1 << 20) as fh:
            if isinstance(data, bytes | bytearray | memoryview):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
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


# -- the file layout: TinyDB JSON, one paper document per line ----------------------

_HEAD_END = b'"papers":{'


class _OtherLayout(Exception):
    """The file is not in the one-document-per-line layout (it may still be fine JSON)."""


def dump_lines(
    tables: dict[str, Any], papers: Iterable[tuple[int, dict[str, Any]]]
) -> Iterator[bytes]:
    """The library as TinyDB JSON in chunks: the other tables, then one paper per line."""
    head = orjson.dumps({**{k: v for k, v in tables.items() if k != "papers"}, "papers": {}})
    yield head[:-2] + b"\n"  # ... "papers":{
    dumps = orjson.dumps
    sep = b""
    for doc_id, doc in papers:
        yield b'%s"%d":%s' % (sep, doc_id, dumps(doc))
        sep = b",\n"
    yield b"\n}}\n"


def read_library(
    path: Path, build: Callable[[int, dict[str, Any]], None], reset: Callable[[], None]
) -> dict[str, Any]:
    """Every paper document to ``build(doc_id, doc)``; returns the other tables.

    Damaged files and files from a newer version are refused with a clear
    message (``LibraryError``), never changed. A missing file is an empty library.
    """
    try:
        fh = open(path, "rb", buffering=1 << 20)  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise LibraryError(f"cannot read the library {path}: {exc.strerror}") from exc
    with fh:
        try:
            return _read_lines(path, fh, build)
        except _OtherLayout:
            reset()
            fh.seek(0)
            try:
                raw = fh.read()
            except OSError as exc:
                raise LibraryError(f"cannot read the library {path}: {exc.strerror}") from exc
    return _read_whole(path, raw, build)


def _read_lines(path: Path, fh, build) -> dict[str, Any]:
    head = fh.readline().rstrip(b"\r\n")
    if not head.endswith(_HEAD_END):
        raise _OtherLayout
    try:
        tables = orjson.loads(head + b"}}")
    except orjson.JSONDecodeError:
        raise _OtherLayout from None
    if not isinstance(tables, dict) or tables.get("papers") != {}:
        raise _OtherLayout
    _check_schema(path, tables)
    loads = orjson.loads
    count = 0
    comma = False  # the previous document line ended with a comma
    for line in fh:
        if line.startswith(b"}}"):
            if line.rstrip() != b"}}" or comma or fh.read().strip():
                raise _OtherLayout
            _check_schema(path, tables, has_papers=count > 0)
            return tables
        if count and not comma:
            raise _OtherLayout
        # '"<doc id>":{...},\n' -- the last document without the comma
        end = line.find(b'":', 1)
        if line[:1] != b'"' or end < 0 or not line[1:end].isdigit():
            raise _OtherLayout
        stop = len(line) - 1 if line.endswith(b"\n") else len(line)
        comma = line[stop - 1 : stop] == b","
        try:
            doc = loads(memoryview(line)[end + 2 : stop - comma])
        except orjson.JSONDecodeError:
            raise _OtherLayout from None
        if type(doc) is not dict:
            raise _OtherLayout
        build(int(line[1:end]), doc)
        count += 1
    raise _OtherLayout  # no end: cut short, or not this layout


def _read_whole(path: Path, raw: bytes, build) -> dict[str, Any]:
    if not raw.strip():
        raise LibraryError(_damaged(path, "the file is empty"))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise LibraryError(_damaged(path, "not valid JSON (truncated?)")) from exc
    del raw
    _check_schema(path, data)
    papers = data.pop("papers", None) or {}
    for doc_id, doc in papers.items():
        build(int(doc_id), doc)
    return data


class LibraryStorage(Storage):
    """A TinyDB storage for the library file (for tools: ``TinyDB(path, storage=...)``).

    ``Library`` reads and writes the file itself (see ``read_library`` and
    ``dump_lines``); this storage reads and writes the same format and is
    cached until ``flush()``, which writes the whole file atomically.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._data: dict[str, dict[str, Any]] | None = None
        self._dirty = False

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._data is None and self.path.exists():
            papers: dict[str, Any] = {}
            tables = read_library(self.path, lambda i, doc: papers.__setitem__(str(i), doc),
                                  papers.clear)
            self._data = {**tables, "papers": papers}
        return self._data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._data = data
        self._dirty = True

    def flush(self) -> None:
        if self._dirty and self._data is not None:
            papers = self._data.get("papers") or {}
            atomic_write_bytes(
                self.path, dump_lines(self._data, ((int(k), v) for k, v in papers.items()))
            )
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


def _check_schema(path: Path, data: Any, has_papers: bool | None = None) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("papers", {}), dict):
        raise LibraryError(_damaged(path, "not a PaperScope library"))
    if has_papers is None:
        has_papers = bool(data.get("papers"))
    meta = data.get("meta") or {}
    schema = None
    for doc in meta.values() if isinstance(meta, dict) else ():
        if isinstance(doc, dict) and "schema" in doc:
            schema = doc["schema"]
    if has_papers and schema is None:
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
if [f.name for f in fields(LibraryPaper)] != ["id", *VIEW_FIELDS, "sources", "marked",
                                               "added_at"] or [
    f.name for f in fields(Source)
] != ["file", "sha256", "format", "subject", "page_key", "position", "imported_at", "record",
      "seen"]:
    raise RuntimeError("paperscope.records changed: update store._paper_from_doc")
_SOURCE_KEYS = frozenset(("file", "sha256", "format", "subject", "page_key", "position",
                          "imported_at", "record", "seen"))


def _extra(doc: dict[str, Any]) -> _Extra:
    """Fields of a document and its sources that this version does not know."""
    sources = doc.get("sources") or ()
    return _Extra(
        paper={k: v for k, v in doc.items() if k not in _PAPER_KEYS},
        sources=[{k: v for k, v in s.items() if k not in _SOURCE_KEYS} or None
                 for s in sources],
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
        doc["id"], title, authors, bool(get("authors_truncated")), affiliations,
        view["venue"], view["venue_type"], view["pub_type"], get("year"), view["date"],
        view["category"], get("score"), get("has_code"), abstract, links,
        bool(get("year_inferred")), sources, bool(get("marked")), view["added_at"] or "",
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
        self._blocks: dict[tuple[str, str, str], set[str]] = {}
        self._keys: dict[str, str] = {}  # paper id -> normalised title
        self._names: set[str] = set()
        self._page_hashes: set[str] = set()
        self._stamp: tuple[int, ...] | None = None
        self._tables: dict[str, Any] = {}  # the file's tables other than the papers
        # paper id -> TinyDB document id, in the order of the documents in the file
        self._doc_ids: dict[str, int] = {}
        self._extras: dict[str, _Extra] = {}
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

    def _file_stamp(self) -> tuple[int, ...] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        # Every save renames a new file into place: a new inode (and ctime) even when a
        # rewrite has the same size within one tick of a coarse clock (1 s on HFS+).
        return (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)

    def changed_on_disk(self) -> bool:
        """Whether another process has written the library since it was loaded."""
        return self._file_stamp() != self._stamp

    def reload(self) -> None:
        self._load()

    def _load(self) -> None:
        stamp = self._file_stamp()
        papers: dict[str, LibraryPaper] = {}
        doc_ids: dict[str, int] = {}
        extras: dict[str, _Extra] = {}
        shared: dict[str, str] = {}

        def build(doc_id: int, doc: dict[str, Any]) -> None:
            paper, extra = _paper_from_doc(doc, shared)
            papers[paper.id] = paper
            doc_ids.pop(paper.id, None)
            doc_ids[paper.id] = doc_id
            if extra is not None:
                extras[paper.id] = extra

        def reset() -> None:
            papers.clear()
            doc_ids.clear()
            extras.clear()

        with _gc_paused():
            tables = read_library(self.path, build, reset)
            # What was just loaded lives as long as the library: keep collections from
            # walking it again and again (at 100k papers each full pass stalls the app).
            # Frozen before the GC is back on, or its first pass would walk it all.
            gc.freeze()
        self._tables = tables
        self._papers = papers
        self._doc_ids = doc_ids
        self._extras = extras
        self._indexed = False  # the merge indexes are built when an import needs them
        self._order = None
        self._stamp = stamp
        self.version += 1

    def _ensure_index(self) -> None:
        if not self._indexed:
            with _gc_paused():
                self._reindex()
                gc.freeze()  # as long-lived as the papers (see _load)
            self._indexed = True

    def _reindex(self) -> None:
        self._by_key = {}
        self._keys = {}
        self._blocks = {}
        names: set[str] = set()  # as written: one key per distinct name, not per listing
        hashes: set[str] = set()
        for paper in self._papers.values():
            self._index_titles(paper)
            names.update(paper.authors)
            hashes.update([s.sha256 for s in paper.sources])
        self._names = set(map(_name_key, names))
        self._page_hashes = hashes

    def _index(self, paper: LibraryPaper) -> None:
        self._index_titles(paper)
        self._names.update(map(_name_key, paper.authors))
        self._page_hashes.update(s.sha256 for s in paper.sources)

    def _index_titles(self, paper: LibraryPaper) -> None:
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
        return self._name_lookup()(name)

    def _name_lookup(self) -> Callable[[str], bool]:
        """``knows_name`` as a closure: parsers call it for every place a name could
        start on a feed line (hundreds of thousands of times for a big page)."""
        self._ensure_index()
        names = self._names

        def known(name: str) -> bool:
            return _name_key(name) in names

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
        """One atomic write of the whole library (the caller holds the lock).

        Changed papers go to the end of the file, as TinyDB puts a removed and
        re-inserted document; every paper is serialised from memory.
        """
        meta = self._tables.get("meta")
        if not meta:
            self._tables["meta"] = {"1": {"schema": SCHEMA, "app": "paperscope"}}
        doc_ids = self._doc_ids
        next_id = max(doc_ids.values(), default=0) + 1
        for paper in changed:
            self._extras.pop(paper.id, None)  # rebuilt from the paper, as TinyDB would
            doc_id = doc_ids.pop(paper.id, None)
            if doc_id is None:
                doc_id, next_id = next_id, next_id + 1
            doc_ids[paper.id] = doc_id
        papers, extras = self._papers, self._extras
        docs = ((doc_id, _disk_doc(papers[pid], extras.get(pid)))
                for pid, doc_id in doc_ids.items())
        with _gc_paused():
            atomic_write_bytes(self.path, dump_lines(self._tables, docs))
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


def _name_key(name: str) -> str:
    """``name_key``, without its split and join for the names that are already in key
    form but for case (no DBLP number, single spaces): nearly all of them."""
    if name[-1:].isdigit() or "  " in name or name != name.strip() or not name.isprintable():
        return name_key(name)
    return name.casefold()


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
