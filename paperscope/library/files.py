"""The library's files: TinyDB JSON with one paper document per line, written atomically.

Each file (the main file, a journal segment) is TinyDB's JSON
(``{"meta": {...}, "papers": {"1": {...}, ...}}``) written with one paper
document per line, and each is written whole and atomically (temp file,
fsync, rename). Any JSON reader reads it; ``read_library`` reads it a line at
a time so a big library is never one string in memory. Files in another
layout (older versions wrote one line) are read whole.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

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


def atomic_write_bytes(
    path: Path,
    data: bytes | Iterable[bytes],
    *,
    backup: bool = True,
    stat: os.stat_result | None = None,
) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file only.

    ``data`` may be bytes or an iterable of byte chunks, written as they come
    (a large library is never one string in memory). With ``stat`` the temp file
    is created with its mode (never wider for a moment) and, where allowed, owner.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        mode = 0o666 if stat is None else stat.st_mode & 0o7777
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        if stat is not None:
            os.fchmod(fd, mode)  # the umask narrowed it: the library's own mode
            if (stat.st_uid, stat.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give files away
                    os.fchown(fd, stat.st_uid, stat.st_gid)
        with open(fd, "wb", buffering=1 << 20) as fh:
            if isinstance(data, bytes | bytearray | memoryview):
                fh.write(data)
            else:
                for chunk in data:
                    fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        if backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException:
        # whatever failed (the write, the backup, the rename), no temporary file is
        # left beside the user's file; the target is the old file or the new one
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _keep_backup(path: Path) -> None:
    """``<name>.bak``: the previous good copy, linked (no bytes copied) where it can be."""
    bak = path.with_name(path.name + ".bak")
    bak_tmp = path.with_name(f".{path.name}.{os.getpid()}.bak.tmp")
    try:
        with contextlib.suppress(FileNotFoundError):
            bak_tmp.unlink()
        try:
            os.link(path, bak_tmp)
        except OSError:
            bak_tmp.write_bytes(path.read_bytes())
        os.replace(bak_tmp, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            bak_tmp.unlink()
        raise


def write_file(
    path: Path, data: bytes | Iterable[bytes], *, backup: bool = False, like: Path | None = None
) -> None:
    """The library's writes: ``atomic_write_bytes`` through a symlink to its target,
    keeping the file's mode and owner (the journal and manifest those of ``like``, the
    main file), and any OS error as a ``LibraryError`` of one line naming the file, with
    nothing changed."""
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    st = None
    for source in (like, target):  # the library's mode first: its files follow the main one
        if source is None:
            continue
        try:
            st = os.stat(source)
            break
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise LibraryError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        atomic_write_bytes(target, data, backup=backup, stat=st)
    except OSError as exc:
        name = exc.filename or target
        raise LibraryError(
            f"cannot write {name}: {exc.strerror or exc}; the library was left as it was"
        ) from exc


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
    library: Path | None = None,
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
            return _read_lines(path, fh, build, library)
        except _OtherLayout:
            reset()
            fh.seek(0)
            try:
                raw = fh.read()
            except OSError as exc:
                raise LibraryError(f"cannot read the library {path}: {exc.strerror}") from exc
    if layout is not None:  # tell the caller: the next save should rewrite it in lines
        layout.append("other")
    return _read_whole(path, raw, build, library)


def head_line_tables(line: bytes) -> dict[str, Any] | None:
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


def _read_lines(
    path: Path, fh: Any, build: Callable[[int, dict[str, Any]], None], library: Path | None
) -> dict[str, Any]:
    tables = head_line_tables(fh.readline())
    if tables is None:
        raise _OtherLayout
    _check_schema(path, tables, has_papers=True, library=library)
    loads = orjson.loads
    count = 0
    comma = False  # the previous document line ended with a comma
    for line in fh:
        if line.startswith(b"}}"):
            if line.rstrip() != b"}}" or comma or fh.read().strip():
                raise _OtherLayout
            _check_schema(path, tables, has_papers=count > 0, library=library)
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


def _read_whole(
    path: Path, raw: bytes, build: Callable[[int, dict[str, Any]], None], library: Path | None
) -> dict[str, Any]:
    if not raw.strip():
        raise LibraryError(damaged(library or path, f"{path.name}: the file is empty"))
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise LibraryError(
            damaged(library or path, f"{path.name} is not valid JSON (truncated?)")
        ) from exc
    del raw
    _check_schema(path, data, library=library)
    papers = data.pop("papers", None) or {}
    for doc_id, doc in papers.items():
        build(int(doc_id), doc)
    return data


REPAIR = "paperscope check --repair --db {}"
RESTORE = "paperscope restore BACKUP --db {}"


def damaged(library: Path, why: str, way: str = "salvage") -> str:
    """The one line for a damaged library: what is wrong and the command that recovers
    the most (``check --repair`` keeps every paper still readable in the main file,
    its ``.bak`` and the journal; copying the ``.bak`` over would lose the journal)."""
    bak = library.with_name(library.name + ".bak")
    way_out = f"run `{REPAIR.format(library)}` to rebuild it from everything still readable"
    if way == "restore":
        way_out = f"run `{RESTORE.format(library)}` to go back to a backup, or " + way_out
    if bak.exists():
        way_out += f" (it reads {bak} too)"
    return f"the library {library} is damaged: {why}; it was left untouched — {way_out}"


def not_ours(path: Path) -> str:
    return (
        f"{path} is not a PaperScope library; it was left untouched — give --db a "
        "PaperScope library or a path that does not exist yet"
    )


def _check_schema(
    path: Path, data: Any, has_papers: bool | None = None, library: Path | None = None
) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("papers", {}), dict):
        raise LibraryError(not_ours(path))
    if has_papers is None:
        has_papers = bool(data.get("papers"))
    meta = data.get("meta") or {}
    schema = None
    for doc in meta.values() if isinstance(meta, dict) else ():
        if isinstance(doc, dict) and "schema" in doc:
            schema = doc["schema"]
    if has_papers and schema is None:
        raise LibraryError(damaged(library or path, f"{path.name} has no schema version"))
    if schema is None:  # no papers and no marker: someone else's JSON (package.json)
        raise LibraryError(not_ours(path))
    if isinstance(schema, int) and schema > SCHEMA:
        raise LibraryError(
            f"the library {path} was written by a newer PaperScope (schema {schema}, "
            f"this version reads {SCHEMA}); upgrade PaperScope — the file was left untouched"
        )


def check_db_path(path: Path) -> None:
    """Refuse at once a path that cannot be a library: an empty name (it would silently
    become the default), a FIFO (reading it hangs), a device (``/dev/zero`` never
    ends), a directory. A missing path is a new library; a file's content is checked
    when it is read (a PaperScope schema marker or nothing)."""
    if not os.fspath(path):
        raise LibraryError("the library path is empty; give --db a file name")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise LibraryError(f"cannot open the library {path}: {exc.strerror}") from exc
    if not stat.S_ISREG(mode):
        raise LibraryError(not_ours(path))
