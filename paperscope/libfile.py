"""The library on disk: TinyDB JSON files, one paper document per line, and a journal.

The library is a main file and zero or more journal segments beside it
(``<name>.journal-000001``, ...). Each is TinyDB's JSON
(``{"meta": {...}, "papers": {"1": {...}, ...}}``) written with one paper
document per line, and each is written whole and atomically (temp file,
fsync, rename). A save writes only the papers it changed, as a new segment:
rewriting a 300 MB main file for every import of a page would cost seconds.
Reading applies the segments in order over the main file, a later document
replacing an earlier one with the same id, as TinyDB's update does.
Compaction writes everything into a new main file with a new generation
token; segments of an older generation are already in it and are ignored
(and deleted by the next writer), so a crash between the rename of the main
file and the removal of the segments loses nothing and applies nothing twice.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

SCHEMA = 1


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


def atomic_write_bytes(path: Path, data: bytes | Iterable[bytes], *, backup: bool = True) -> None:
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
    path: Path,
    build: Callable[[int, dict[str, Any]], None],
    reset: Callable[[], None],
    layout: list[str] | None = None,
    missing_ok: bool = True,
) -> dict[str, Any]:
    """Every paper document to ``build(doc_id, doc)``; returns the other tables.

    Damaged files and files from a newer version are refused with a clear
    message (``LibraryError``), never changed. A missing file is an empty library
    (``missing_ok``), else ``FileNotFoundError``.
    """
    try:
        fh = open(path, "rb", buffering=1 << 20)  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        if not missing_ok:
            raise
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
    if layout is not None:  # tell the caller: the next save should rewrite it in lines
        layout.append("other")
    return _read_whole(path, raw, build)


def _head_line_tables(line: bytes) -> dict[str, Any] | None:
    """The tables other than the papers, from a file's first line (``{..."papers":{``),
    or None when the file is not in the one-document-per-line layout."""
    line = line.rstrip(b"\r\n")
    if not line.endswith(_HEAD_END):
        return None
    try:
        tables = orjson.loads(line + b"}}")
    except orjson.JSONDecodeError:
        return None
    if not isinstance(tables, dict) or tables.get("papers") != {}:
        return None
    return tables


def _read_lines(path: Path, fh, build) -> dict[str, Any]:
    tables = _head_line_tables(fh.readline())
    if tables is None:
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


def stamp(path: Path) -> tuple | None:
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

            tables, _, _ = read_with_journal(self.path, build, papers.clear)
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
            atomic_write_bytes(
                self.path, dump_lines(tables, ((int(k), v) for k, v in papers.items()))
            )
            remove(old)
            self._dirty = False

    def close(self) -> None:
        pass


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
    return _head_line_tables(line)


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
