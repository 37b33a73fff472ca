"""Marks shown at once, written behind: the mark queue a front end drives.

A mark must show the moment the key is pressed, but a write is an atomic file
replace that may wait for another PaperScope process holding the library's
lock. So :class:`MarkQueue` keeps what the user sees as marked, queues each
change, and one writer at a time (a thread of the front end's choosing) writes
the changes in order through :meth:`MarkQueue.writes`.

A change that cannot be written (another process holds the lock, a full disk, a
damaged library) is never dropped: it stays shown and pending, first in the
queue, and the front end retries it after :attr:`MarkQueue.retry_delay`, which
doubles with each failure in a row (never a busy loop). A write waits at most
``MARK_LOCK_WAIT`` for another writer's lock, so a locked library costs a retry,
not a frozen quit; quitting with changes still pending is the front end's
question to ask (:meth:`MarkQueue.abandon`, :meth:`MarkQueue.lost`).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from paperscope.store import Library, LibraryError

MARK_LOCK_WAIT = 5.0  # seconds a mark write waits for another writer's lock
RETRY_FIRST, RETRY_MAX = 0.5, 30.0  # seconds before the first retry; the cap


@dataclass(frozen=True, slots=True)
class MarkWrite:
    """One queued change, and once written, how the write went."""

    seq: int
    ids: list[str]
    marked: bool
    error: str | None = None  # why it was not saved
    reloaded: bool = False  # the write read changes of another process first


class MarkQueue:
    """What is marked as the user sees it, and the changes not yet on disk.

    ``marked``, :meth:`change`, :meth:`settle` and :meth:`adopt` belong to one
    thread (the UI's); :meth:`writes` runs in one writer thread at a time.
    """

    def __init__(self, library: Library, write_lock: AbstractContextManager[Any]) -> None:
        self.library = library
        self._write_lock = write_lock  # held for every library write
        # One set for the queue's life: a list widget may hold it to draw the marks.
        self.marked: set[str] = set()
        self._pending: dict[str, int] = {}  # paper id -> seq of its newest unsaved change
        self._queue: deque[MarkWrite] = deque()
        self._lock = threading.Lock()  # the queue and the writer flag, across threads
        self._writing = False
        self._seq = 0
        self.failures = 0  # failed writes in a row (0: the last write landed)
        self.last_error: str | None = None
        self._written = 0  # the newest seq on disk (writes land in seq order)

    @property
    def writing(self) -> bool:
        """A writer is at work (or about to be started): marks are being saved."""
        return self._writing

    @property
    def pending(self) -> set[str]:
        """Papers whose latest change is not on disk yet."""
        return set(self._pending)

    @property
    def retry_delay(self) -> float:
        """Seconds to wait before retrying after ``failures`` failed writes in a row."""
        return min(RETRY_MAX, RETRY_FIRST * 2 ** max(0, self.failures - 1))

    def resume(self) -> bool:
        """Ask to retry what is queued; True if the caller must start a writer."""
        with self._lock:
            if not self._queue or self._writing:
                return False
            self._writing = True
            return True

    def abandon(self) -> None:
        """Write nothing more (the user quits anyway); a write under way may still land."""
        with self._lock:
            self._queue.clear()

    def lost(self) -> int:
        """Papers whose latest change never reached the disk (after the writer is done)."""
        return sum(seq > self._written for seq in self._pending.values())

    def change(self, ids: Iterable[str], marked: bool) -> tuple[int, bool]:
        """Mark (or unmark) ``ids`` as shown now and queue the write. Returns how many
        papers changed, and whether the caller must start a writer (none is running)."""
        changed = [pid for pid in ids if (pid in self.marked) != marked]
        if not changed:
            return 0, False
        self._seq += 1
        for pid in changed:
            self._pending[pid] = self._seq
        if marked:
            self.marked.update(changed)
        else:
            self.marked.difference_update(changed)
        with self._lock:
            self._queue.append(MarkWrite(self._seq, changed, marked))
            start = not self._writing
            self._writing = True
        return len(changed), start

    def writes(self) -> Iterator[MarkWrite]:
        """Write the queued changes in order, one atomic write each, yielding how each
        went; ends when the queue is empty (a later change asks for a new writer) or a
        write failed: it goes back first in the queue, to be retried (:meth:`resume`)."""
        while True:
            with self._lock:
                if not self._queue:
                    self._writing = False
                    return
                todo = self._queue.popleft()
            error, reloaded = None, False
            try:
                with self._write_lock:
                    before, waited = self.library.version, self.library.lock_timeout
                    self.library.lock_timeout = min(waited, MARK_LOCK_WAIT)
                    try:
                        self.library.set_marked(todo.ids, todo.marked)
                    finally:
                        self.library.lock_timeout = waited
                    reloaded = self.library.version - before > 1
            except (LibraryError, OSError) as exc:
                error = str(exc)
            with self._lock:  # before the result is seen, so `writing` is already right
                if error is None:
                    self._written = todo.seq
                    self.failures, self.last_error = 0, None
                else:
                    self._queue.appendleft(todo)  # kept, in order, for the retry
                    self.failures, self.last_error = self.failures + 1, error
                done = error is not None or not self._queue
                if done:
                    self._writing = False
            yield MarkWrite(todo.seq, todo.ids, todo.marked, error, reloaded)
            if done:
                return

    def settle(self, write: MarkWrite) -> None:
        """Take in how ``write`` went: a change on disk is no longer pending. A failed
        one stays shown and pending (it is first in the queue, for the retry)."""
        if write.error is not None:
            return
        for pid in write.ids:
            if self._pending.get(pid) == write.seq:
                del self._pending[pid]

    def adopt(self, marked_on_disk: Iterable[str]) -> None:
        """Show the marks of a new read of the library; unsaved changes win over it."""
        marked = set(marked_on_disk)
        for pid in self._pending:
            if pid in self.marked:
                marked.add(pid)
            else:
                marked.discard(pid)
        self.marked.clear()
        self.marked.update(marked)
