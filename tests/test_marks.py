"""Marks shown at once and written behind (``paperscope.marks``), driven without an app:
what is shown as marked, what is on disk, and what stays pending (and is retried, with
backoff) when a write fails."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperscope import marks
from paperscope.marks import MarkQueue, MarkWrite
from paperscope.store import LOCK_TIMEOUT, Library, LibraryError


def on_disk(lib: Library) -> set[str]:
    return {p.id for p in Library.open(lib.path).marked()}


@pytest.fixture
def queue(seed_library: Library) -> MarkQueue:
    return MarkQueue(seed_library, threading.RLock())


def ids(lib: Library, n: int) -> list[str]:
    return [p.id for p in lib.papers()[:n]]


def test_marks_show_at_once_and_reach_the_disk_in_order(queue, seed_library):
    a, b, c = ids(seed_library, 3)
    assert queue.change([a, b], True) == (2, True)  # no writer yet: the caller starts one
    assert queue.change([b, c], True) == (1, False)  # b already shown; the writer takes it
    assert queue.change([a], False) == (1, False)
    assert queue.marked == {b, c} and queue.pending == {a, b, c} and queue.writing
    assert on_disk(seed_library) == set()  # nothing written yet
    writes = list(queue.writes())
    assert [(w.ids, w.marked, w.error) for w in writes] == [
        ([a, b], True, None),
        ([c], True, None),
        ([a], False, None),
    ]
    assert not queue.writing
    for w in writes:
        queue.settle(w)
    assert queue.pending == set() and queue.marked == {b, c}
    assert on_disk(seed_library) == {b, c}


def test_nothing_to_change_writes_nothing(queue, seed_library):
    (a,) = ids(seed_library, 1)
    assert queue.change([a], False) == (0, False)
    assert queue.change([], True) == (0, False)
    assert not queue.writing and list(queue.writes()) == []


def test_a_failed_write_stays_shown_pending_and_is_retried(queue, seed_library, monkeypatch):
    a, b = ids(seed_library, 2)
    queue.change([a, b], True)
    real = seed_library.set_marked

    def locked(ids, marked):
        raise LibraryError("the library is locked by another PaperScope process")

    monkeypatch.setattr(seed_library, "set_marked", locked)
    (write,) = queue.writes()
    assert write.error == "the library is locked by another PaperScope process"
    queue.settle(write)
    # Not taken back: shown, pending, first in the queue; no writer runs until asked.
    assert queue.marked == {a, b} and queue.pending == {a, b} and not queue.writing
    assert queue.failures == 1 and queue.last_error == write.error
    assert on_disk(seed_library) == set()
    assert queue.resume() and not queue.resume()  # one writer at a time
    (again,) = queue.writes()
    queue.settle(again)
    assert queue.failures == 2 and queue.pending == {a, b}
    monkeypatch.setattr(seed_library, "set_marked", real)  # the other process is done
    assert queue.resume()
    (landed,) = queue.writes()
    queue.settle(landed)
    assert landed.error is None and landed.ids == [a, b]
    assert queue.pending == set() and queue.failures == 0 and queue.lost() == 0
    assert on_disk(seed_library) == {a, b}


def test_retries_back_off_to_a_cap(queue, seed_library, monkeypatch):
    queue.change(ids(seed_library, 1), True)

    def full(ids, marked):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(seed_library, "set_marked", full)
    delays = []
    for _ in range(10):
        for w in queue.writes():
            queue.settle(w)
        delays.append(queue.retry_delay)
        queue.resume()
    assert delays[:4] == [0.5, 1.0, 2.0, 4.0]
    assert delays == sorted(delays) and delays[-1] == 30.0


def test_later_changes_wait_behind_a_failed_one_in_order(queue, seed_library, monkeypatch):
    a, b = ids(seed_library, 2)
    queue.change([a, b], True)
    real = seed_library.set_marked
    calls = []

    def first_fails(ids, marked):
        calls.append(list(ids))
        if len(calls) == 1:
            raise OSError("disk full")
        return real(ids, marked)

    monkeypatch.setattr(seed_library, "set_marked", first_fails)
    (failed,) = queue.writes()  # the writer stops at a failure
    queue.settle(failed)
    assert queue.change([a], False) == (1, True)  # the user unmarks a: a writer again
    assert queue.change([a], True) == (1, False)  # and marks it again: the latest word
    assert queue.marked == {a, b} and queue.pending == {a, b}
    rest = list(queue.writes())
    assert [(w.ids, w.marked, w.error) for w in rest] == [
        ([a, b], True, None),  # the failed one first: the order the user made them
        ([a], False, None),
        ([a], True, None),
    ]
    for w in rest:
        queue.settle(w)
    assert queue.pending == set() and on_disk(seed_library) == {a, b}


def test_abandoned_changes_are_counted_as_lost(queue, seed_library, monkeypatch):
    a, b, c = ids(seed_library, 3)
    queue.change([a], True)
    for w in queue.writes():
        queue.settle(w)
    queue.change([b, c], True)

    def locked(ids, marked):
        raise LibraryError("locked")

    monkeypatch.setattr(seed_library, "set_marked", locked)
    for w in queue.writes():
        queue.settle(w)
    assert queue.lost() == 2  # b and c; a is on disk
    queue.abandon()
    assert not queue.resume() and queue.lost() == 2
    assert on_disk(seed_library) == {a}


def test_a_change_after_the_writer_finished_asks_for_a_new_one(queue, seed_library):
    a, b = ids(seed_library, 2)
    assert queue.change([a], True) == (1, True)
    for w in queue.writes():
        queue.settle(w)
    assert queue.change([b], True) == (1, True)
    assert [w.ids for w in queue.writes()] == [[b]]


def test_a_new_read_of_the_library_keeps_unsaved_changes(queue, seed_library):
    a, b, c = ids(seed_library, 3)
    shown = queue.marked  # a list widget draws from this very set
    queue.adopt({b})
    queue.change([a], True)
    queue.change([b], False)
    queue.adopt({b, c})  # read from disk before the writes landed
    assert queue.marked is shown and shown == {a, c}
    for w in queue.writes():
        queue.settle(w)
    assert on_disk(seed_library) == {a}  # c was never marked on this disk
    queue.adopt({a})  # read after: nothing pending, the disk is the truth
    assert shown == {a}


def test_a_write_after_another_process_wrote_says_it_reloaded(queue, seed_library):
    a, b = ids(seed_library, 2)
    Library.open(seed_library.path).set_marked([b], True)  # e.g. the command line
    queue.change([a], True)
    (write,) = queue.writes()
    assert write == MarkWrite(write.seq, [a], True, None, reloaded=True)
    assert on_disk(seed_library) == {a, b}


def test_writes_wait_for_the_library_lock(seed_library):
    lock = threading.RLock()
    queue = MarkQueue(seed_library, lock)
    (a,) = ids(seed_library, 1)
    queue.change([a], True)
    results: list[MarkWrite] = []
    with lock:  # e.g. an import in progress
        writer = threading.Thread(target=lambda: results.extend(queue.writes()))
        writer.start()
        writer.join(0.2)
        assert writer.is_alive() and results == [] and queue.writing
    writer.join(10)
    assert [w.ids for w in results] == [[a]] and not queue.writing
    assert on_disk(seed_library) == {a}


@contextlib.contextmanager
def lock_held(db: Path) -> Iterator[subprocess.Popen]:
    """Another process holding the library's writer lock until the block ends."""
    code = (
        "import sys, time; from filelock import FileLock; "
        "lock = FileLock(sys.argv[1] + '.lock'); lock.acquire(); "
        "print('held', flush=True); time.sleep(600)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_a_locked_library_costs_a_short_wait_and_a_retry_not_a_minute(
    queue, seed_library, monkeypatch
):
    monkeypatch.setattr(marks, "MARK_LOCK_WAIT", 0.3)
    (a,) = ids(seed_library, 1)
    queue.change([a], True)
    with lock_held(seed_library.path):
        started = time.monotonic()
        (write,) = queue.writes()
        assert time.monotonic() - started < 5  # not the 60 s an import would wait
        queue.settle(write)
        assert "locked by another PaperScope process" in (write.error or "")
        assert queue.pending == {a} and queue.marked == {a}
    assert seed_library.lock_timeout == LOCK_TIMEOUT  # only the mark writes wait less
    assert queue.resume()
    for w in queue.writes():
        queue.settle(w)
    assert on_disk(seed_library) == {a} and queue.pending == set()
