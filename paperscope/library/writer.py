"""The one door for writes: the writer lock, the commit of a save or a compaction.

Every write operation of the ``Library`` runs as ``_transact(op)``: under the
lock, with the files as they are now loaded, and with a check just before each
commit that the files are still the ones that state was read from (a writer
whose lock file was removed under it redoes its work from the files rather
than drop another writer's). A save writes a journal segment, then the
manifest that names it (the commit); a compaction writes a new main file (the
commit), then its manifest, then drops the journal (see ``journal``).
"""

from __future__ import annotations

import contextlib
import heapq
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from parsers.base import title_key

from ..gc_pause import gc_paused
from ..records import LibraryPaper
from . import history, journal
from .converters import Extra, disk_doc
from .files import LibraryError, dump_lines, write_file
from .head import HEAD_SIZE, head_table

LOCK_TIMEOUT = 60.0  # seconds to wait for another writer
T = TypeVar("T")


class _Conflict(Exception):
    """Another process wrote the library while this one held the lock (the lock file
    was removed under it): the operation is done again from the files."""


class CompactionFailed(LibraryError):
    """An import or marks were saved, but folding the journal after them failed: the
    library is complete and readable; the CLI exits 0 with this as a warning."""


def _order_key(paper: LibraryPaper) -> tuple[int, str]:
    """Library order: newest year first, then title."""
    return (_year_key(paper), title_key(paper.title))


def _year_key(paper: LibraryPaper) -> int:
    """The first part of ``_order_key``: newest first, no year last."""
    return -(paper.year or 0)


def _by_year(papers: list[LibraryPaper], n: int) -> list[LibraryPaper]:
    """The papers (in their order) that can be among the first ``n`` in library order:
    those no older than the ``n``-th newest. An import changes thousands of papers, and
    the order's title key is a regex pass each; their years alone rule most of them out."""
    if len(papers) <= n:
        return papers
    cut = heapq.nsmallest(n, map(_year_key, papers))[-1]
    return [p for p in papers if _year_key(p) <= cut]


class Writer:
    """The write half of ``Library`` (see ``store``): what it shares is declared here."""

    path: Path
    version: int
    _papers: dict[str, LibraryPaper]
    _doc_ids: dict[str, int]
    _extras: dict[str, Extra]
    _tables: dict[str, Any]
    _applied: list[Path]
    _other_layout: bool
    _head_ids: list[str] | None
    _manifest: journal.Manifest | None
    _stamp: journal.Stamp | None
    _loaded: bool
    # the history entry and state the next save writes with its change (see history)
    _history_delta: dict[str, Any] | None = None
    # How long a write waits for another writer's lock. A front end that retries on
    # its own (the app's mark queue) waits less, so that quitting is never held up
    # for a minute by a write that cannot land yet.
    lock_timeout: float = LOCK_TIMEOUT

    def _load(self) -> None:
        raise NotImplementedError

    def papers(self) -> list[LibraryPaper]:
        raise NotImplementedError

    def _lock(self):
        from filelock import FileLock  # only writers lock: not on the app's way to a frame

        return FileLock(self._lock_path, timeout=self.lock_timeout)

    @property
    def _lock_path(self) -> str:
        return f"{self.path}.lock"

    def _transact(self, op: Callable[[], T]) -> T:
        """Run one write operation under the lock: the one door for writes. If another
        process wrote meanwhile (a lost lock), read the files again and redo it; if it
        fails, forget what it changed in memory (the files are as they were)."""
        for _attempt in range(5):
            try:
                with self._writing():
                    return op()
            except _Conflict:
                self._history_delta = None
                self._forget()
            except BaseException:
                self._history_delta = None
                self._forget()
                raise
        raise LibraryError(
            f"another process kept writing the library {self.path} while this one held "
            f"its lock (was {self.path.name}.lock removed?); nothing was written — try again"
        )

    def _forget(self) -> None:
        self._loaded = False
        self._stamp = None

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the writer lock, with the latest file content loaded."""
        from filelock import Timeout

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"cannot create {self.path.parent}: {exc.strerror}") from exc
        try:
            # The lock's own wait would retry a lock file that cannot be made (its
            # folder gone: ENOENT) for the whole timeout, then blame another process.
            os.close(os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o644))
        except OSError as exc:
            raise LibraryError(f"cannot lock {self._lock_path}: {exc.strerror}") from exc
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
        except OSError as exc:  # the lock file itself: a read-only folder, a full disk
            raise LibraryError(f"cannot lock {exc.filename or self.path}: {exc.strerror}") from exc

    def _unchanged_or_conflict(self) -> None:
        """Just before a commit: the files must still be the ones this state was read
        from, or another writer got in (a removed lock file) and its work would be lost."""
        if self._stamp is not None and self._file_stamp() != self._stamp:
            raise _Conflict

    def _remove_stale_temp_files(self) -> None:
        """Temp files of writers killed mid-write (we hold the lock: none is running)."""
        for stale in self.path.parent.glob(f".{self.path.name}.*tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()

    def _remove_stale_segments(self) -> None:
        """Segment files that are not part of the library: an older generation (a
        compaction killed after writing the new main file, which holds them, and before
        removing them) or a write killed before its manifest named its segment."""
        applied = set(self._applied)
        stale = [s for s in journal.segments(self.path) if s not in applied]
        if stale:
            journal.remove(stale)
            self._stamp = self._file_stamp()

    def _file_stamp(self) -> journal.Stamp | None:
        return journal.stamp(self.path)

    def changed_on_disk(self) -> bool:
        """Whether another process has written the library since it was loaded."""
        return self._loaded and self._file_stamp() != self._stamp

    def reload(self) -> None:
        self._load()

    def _save(self, changed: Iterable[LibraryPaper], removed: Iterable[str] = ()) -> None:
        """One atomic write of what changed (the caller holds the lock), with the
        history entry that describes it (``_history_delta``), in the same file.

        Removed papers (``removed`` ids) rewrite the main file: a journal segment only
        adds or replaces documents.

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
        gone = [pid for pid in removed if pid in self._papers]
        for pid in gone:
            del self._papers[pid]
            doc_ids.pop(pid, None)
            self._extras.pop(pid, None)
        delta, self._history_delta = self._history_delta, None
        manifest = self._manifest
        if gone or manifest is None or self._other_layout or not self.path.exists():
            self._write_main()  # new, or older than the manifest: written whole, upgraded
            return
        self._unchanged_or_conflict()
        papers, extras = self._papers, self._extras
        docs = ((doc_ids[pid], disk_doc(papers[pid], extras.get(pid))) for pid in changed_ids)
        seq = (manifest.segments[-1][0] if manifest.segments else 0) + 1
        sid = os.urandom(8).hex()
        seg = journal.segment_path(self.path, seq)
        info = {"library": manifest.library, "base": manifest.generation, "seq": seq, "id": sid}
        tables = {
            "meta": self._tables["meta"],
            "journal": {"1": info},
            "head": self._head_table(changed_ids, full=False),
            **(delta or {}),
        }
        with gc_paused():
            write_file(seg, dump_lines(tables, docs), like=self.path)
        segs = (*manifest.segments, (seq, sid))
        self._manifest = journal.write_manifest(self.path, replace(manifest, segments=segs))
        self._applied.append(seg)
        self._stamp = self._file_stamp()
        self.version += 1

    def _write_main(self) -> None:
        """Everything into a new main file (new generation), then its manifest, then the
        journal is dropped. The main file's rename commits: its generation number is one
        more than the manifest's, so readers know it holds the journal."""
        self._unchanged_or_conflict()
        self._tables["meta"] = journal.new_generation(self._tables.get("meta"))
        if "history" in self._tables:
            history.trim(self._tables)
        old = journal.segments(self.path)
        papers, extras = self._papers, self._extras
        docs = (
            (doc_id, disk_doc(papers[pid], extras.get(pid)))
            for pid, doc_id in self._doc_ids.items()
        )
        self._head_ids = None  # the head from a full sort
        # meta first: a reader knows the file from its first bytes
        tables = {
            "meta": self._tables["meta"],
            **self._tables,
            "head": self._head_table([], full=True),
        }
        with gc_paused():
            write_file(self.path, dump_lines(tables, docs), backup=True)
        self._applied = []
        self._other_layout = False
        self._manifest = None  # until the manifest is written: a failure there rewrites
        self._stamp = self._file_stamp()
        self.version += 1
        self._manifest = journal.write_manifest(self.path, journal.Manifest.of_main(tables))
        journal.remove(old)  # all in the new main file; a crash before this loses nothing
        self._stamp = self._file_stamp()

    def _head_table(self, changed_ids: list[str], full: bool) -> dict[str, Any]:
        """The first papers in library order, for ``head.read_head`` (a segment holds
        the documents of only those it changed: ``full`` is for a main file). Papers are never
        removed and their order depends on their own fields only, so the new first ones
        are among the old first ones and the changed ones: no sort of the library."""
        n = HEAD_SIZE
        if self._head_ids is None:
            top = self.papers()[:n]
        else:
            pool = {
                pid: self._papers[pid]
                for pid in [*self._head_ids, *changed_ids]
                if pid in self._papers
            }
            top = sorted(_by_year(list(pool.values()), n), key=_order_key)[:n]
        self._head_ids = [p.id for p in top]
        extras = self._extras
        mine = set(changed_ids)
        docs = top if full else [p for p in top if p.id in mine]
        return head_table(
            len(self._papers), self._head_ids, [disk_doc(p, extras.get(p.id)) for p in docs]
        )

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
