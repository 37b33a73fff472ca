"""The journal: segments beside the main file, named by a manifest, read in order.

A library is a main file, zero or more journal segments beside it
(``<name>.journal-000001``, ...) and a manifest (``<name>.manifest``). A save
writes only the papers it changed, as a new segment: rewriting a 300 MB main
file for every import of a page would cost seconds. Reading applies the
segments in order over the main file, a later document replacing an earlier one
with the same id, as TinyDB's update does.

Integrity is checked, not assumed (LevelDB's ``CURRENT``/``MANIFEST``): every
file names the library (``library``, made at creation), its ``generation`` (a
token and a ``number`` that a compaction bumps) and, for a segment, its ``seq``
and a random ``id``. The manifest, replaced atomically after the file it adds,
names the main file's generation and the live segments ``[[seq, id], ...]``:
a save is committed when the manifest names its segment, a compaction when the
new main file (``number`` one more than the manifest's) is in place. A segment
that is missing, foreign (another id: copied from a copy of the library),
duplicated or out of order is refused with one line, never skipped or applied.
Files the manifest does not name are an unfinished write or an older
generation: never read. A library without a manifest (written before it) is
read as before, by scanning for segments of the main file's generation, and is
rewritten with one by its next write.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from .files import SCHEMA, LibraryError, damaged, read_library, write_file

_SEGMENT = re.compile(r"\.journal-(\d{6,})$")
MANIFEST_MARK = "paperscope-manifest"
Build = Callable[[int, dict[str, Any]], None]


def segments(path: Path) -> list[Path]:
    """The journal segment files beside the library at ``path``, oldest first."""
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


def manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".manifest")


def _meta(tables: dict[str, Any]) -> dict[str, Any]:
    for doc in (tables.get("meta") or {}).values():
        if isinstance(doc, dict) and ("generation" in doc or "schema" in doc):
            return doc
    return {}


def generation(tables: dict[str, Any]) -> str | None:
    """The main file's generation token (None for files written before the journal)."""
    value = _meta(tables).get("generation")
    return value if isinstance(value, str) else None


def library_id(tables: dict[str, Any]) -> str | None:
    value = _meta(tables).get("library")
    return value if isinstance(value, str) else None


def generation_number(tables: dict[str, Any]) -> int:
    value = _meta(tables).get("number")
    return value if isinstance(value, int) else 0


def segment_info(tables: dict[str, Any]) -> dict[str, Any]:
    info = ((tables.get("journal") or {}).get("1")) or {}
    return info if isinstance(info, dict) else {}


def segment_base(tables: dict[str, Any]) -> str | None:
    """The generation of the main file a segment applies to."""
    return segment_info(tables).get("base")


def new_generation(meta: dict[str, Any] | None) -> dict[str, Any]:
    """The meta table for a new main file: a fresh generation token, its number one
    more, the library's id kept (made now for a library that has none)."""
    meta = {k: dict(v) if isinstance(v, dict) else v for k, v in (meta or {}).items()}
    doc = meta.setdefault("1", {"schema": SCHEMA, "app": "paperscope"})
    doc.setdefault("library", os.urandom(8).hex())
    doc["number"] = (doc.get("number") if isinstance(doc.get("number"), int) else 0) + 1
    doc["generation"] = os.urandom(8).hex()
    return meta


def remove(paths: Iterable[Path]) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


# -- the manifest -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Manifest:
    library: str
    generation: str
    number: int
    segments: tuple[tuple[int, str], ...]  # (seq, id), in order
    raw: bytes = b""

    def to_bytes(self) -> bytes:
        return orjson.dumps(
            {
                MANIFEST_MARK: SCHEMA,
                "library": self.library,
                "generation": self.generation,
                "number": self.number,
                "segments": [list(s) for s in self.segments],
            }
        )

    @classmethod
    def of_main(cls, tables: dict[str, Any]) -> Manifest:
        """The manifest of a main file just written, with no segments yet."""
        return cls(
            library_id(tables) or "",
            generation(tables) or "",
            generation_number(tables),
            (),
        )


def read_manifest(path: Path) -> Manifest | None:
    """The manifest of the library at ``path``; None if it has none (an older library)."""
    mpath = manifest_path(path)
    try:
        raw = mpath.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise LibraryError(f"cannot read {mpath}: {exc.strerror}") from exc
    return parse_manifest(path, raw)


def parse_manifest(path: Path, raw: bytes) -> Manifest:
    mpath = manifest_path(path)
    try:
        data = orjson.loads(raw)
        if data.get(MANIFEST_MARK) != SCHEMA:
            raise ValueError
        segs = tuple((int(s), str(i)) for s, i in data["segments"])
        return Manifest(
            str(data["library"]), str(data["generation"]), int(data["number"]), segs, raw
        )
    except (orjson.JSONDecodeError, AttributeError, KeyError, TypeError, ValueError):
        raise LibraryError(
            damaged(path, f"its manifest {mpath} is not readable", way="salvage")
        ) from None


# -- reading ------------------------------------------------------------------------

Stamp = tuple[tuple[int, int, int, int], bytes, tuple[tuple[str, int, int], ...]]


def stamp(path: Path) -> Stamp | None:
    """Identity of the library's files: changes whenever any of them is rewritten."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    # Every write renames a new file into place: a new inode (and ctime) even when a
    # rewrite has the same size within one tick of a coarse clock (1 s on HFS+).
    main = (st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
    try:
        manifest = manifest_path(path).read_bytes()
    except OSError:
        manifest = b""
    listing = []
    if not manifest:  # an older library: its segments are what is on disk
        for seg in segments(path):
            with contextlib.suppress(FileNotFoundError):
                s = os.stat(seg)
                listing.append((seg.name, s.st_ino, s.st_size))
    return (main, manifest, tuple(listing))


class _Moved(Exception):
    """A file the manifest named was folded away while it was read: read again."""


def read_with_journal(
    path: Path,
    build: Build,
    reset: Callable[[], None],
    layout: list[str] | None = None,
    on_tables: Callable[[dict[str, Any]], None] | None = None,
) -> tuple[dict[str, Any], list[Path], dict[str, Any] | None, Manifest | None]:
    """The main file then every live segment to ``build``; returns the main file's
    tables, the segments applied, the tables of the last one and the manifest read.
    A file that vanishes while it is read (another process compacting) restarts the
    read from the manifest, so the state read is one that was committed.
    ``on_tables`` is told each applied segment's tables, in order (the history)."""
    for _attempt in range(20):
        manifest = read_manifest(path)
        seen: list[dict[str, Any]] = []
        found: tuple[dict[str, Any], list[Path], dict[str, Any] | None, Manifest | None]
        try:
            if manifest is None:
                tables, applied, last = _read_unmanaged(path, build, reset, layout, seen)
                found = (tables, applied, last, None)
            else:
                found = _read_managed(path, manifest, build, reset, layout, seen)
        except (FileNotFoundError, _Moved):
            reset()
            continue
        if on_tables is not None:
            for segment_tables in seen:
                on_tables(segment_tables)
        return found
    raise LibraryError(f"the library {path} kept changing while it was read; try again")


def _read_unmanaged(
    path: Path,
    build: Build,
    reset: Callable[[], None],
    layout: list[str] | None,
    seen: list[dict[str, Any]],
) -> tuple[dict[str, Any], list[Path], dict[str, Any] | None]:
    tables = read_library(path, build, reset, layout)
    base = generation(tables)
    applied = []
    last = None
    for seg in segments(path):
        got = read_segment(seg, base, build)
        if got is not None:
            applied.append(seg)
            last = got
            seen.append(got)
    return tables, applied, last


def _read_managed(
    path: Path,
    manifest: Manifest,
    build: Build,
    reset: Callable[[], None],
    layout: list[str] | None,
    seen: list[dict[str, Any]],
) -> tuple[dict[str, Any], list[Path], dict[str, Any] | None, Manifest | None]:
    try:
        tables = read_library(path, build, reset, layout, missing_ok=False)
    except FileNotFoundError:
        if read_manifest(path) != manifest:
            raise _Moved from None
        # No main file is a new library, as it always was: what is left of an old one
        # (its manifest, segments) is not read, and the first write replaces it.
        return {}, [], None, None
    check_main(path, tables, manifest)
    if generation_number(tables) == manifest.number + 1:
        return tables, [], None, None  # a compaction in place, its manifest not yet
    applied: list[Path] = []
    last = None
    for seq, sid in manifest.segments:
        seg = segment_path(path, seq)
        try:
            last = read_segment(seg, manifest.generation, build, expect=(manifest, seq, sid))
        except FileNotFoundError:
            if read_manifest(path) != manifest:
                raise _Moved from None
            raise LibraryError(
                damaged(path, f"its journal segment {seg.name} is missing", way="salvage")
            ) from None
        applied.append(seg)
        if last is not None:
            seen.append(last)
    return tables, applied, last, manifest


def check_main(path: Path, tables: dict[str, Any], manifest: Manifest) -> None:
    """Refuse a main file that is not the one the manifest names (nor its successor)."""
    number = generation_number(tables)
    if library_id(tables) != manifest.library:
        why = "the main file belongs to another library than its manifest"
    elif number == manifest.number + 1:
        return
    elif number < manifest.number:
        why = (
            f"the main file is older (generation {number}) than its manifest "
            f"({manifest.number}): was a backup copied over it?"
        )
    elif number != manifest.number or generation(tables) != manifest.generation:
        why = "the main file is not the one its manifest names"
    else:
        return
    raise LibraryError(damaged(path, why, way="restore"))


def read_segment(
    seg: Path,
    base: str | None,
    build: Build,
    expect: tuple[Manifest, int, str] | None = None,
) -> dict[str, Any] | None:
    """Apply one segment if it belongs to generation ``base``; its tables, else None.
    With ``expect`` (the manifest names it) a segment that is not exactly the one
    named is refused. Raises FileNotFoundError if it is gone (compacted away)."""
    docs: list[tuple[int, dict[str, Any]]] = []

    def keep(doc_id: int, doc: dict[str, Any]) -> None:
        docs.append((doc_id, doc))

    library = seg.with_name(seg.name.rsplit(".journal-", 1)[0])
    tables = read_library(seg, keep, docs.clear, missing_ok=False, library=library)
    if expect is not None:
        manifest, seq, sid = expect
        info = segment_info(tables)
        if (info.get("library"), info.get("base")) != (manifest.library, manifest.generation):
            why = "is from another copy of the library or an older generation"
        elif info.get("seq") != seq:
            why = f"holds sequence {info.get('seq')}, not {seq} (duplicated or out of order)"
        elif info.get("id") != sid:
            why = "is not the one its manifest names (copied from another copy of the library?)"
        else:
            why = ""
        if why:
            raise LibraryError(damaged(library, f"its journal segment {seg.name} {why}", "salvage"))
    elif segment_base(tables) != base:
        return None  # an older generation: already in the main file
    for doc_id, doc in docs:
        build(doc_id, doc)
    return tables


def write_manifest(path: Path, manifest: Manifest) -> Manifest:
    """Replace the manifest (the commit of a save); returns it as written."""
    raw = manifest.to_bytes()
    write_file(manifest_path(path), raw, like=path)
    return Manifest(manifest.library, manifest.generation, manifest.number, manifest.segments, raw)


def committed_segments(path: Path, manifest: Manifest | None) -> list[Path]:
    """The segment files that are part of the library."""
    if manifest is None:
        return segments(path)
    return [segment_path(path, seq) for seq, _ in manifest.segments]
