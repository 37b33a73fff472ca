"""Marks shown at once and written behind (``paperscope.marks``), driven without an app:
what is shown as marked, what is on disk, and what is pending when a write fails."""

from __future__ import annotations

import threading

import pytest

from paperscope.marks import MarkQueue, MarkWrite
from paperscope.store import Library, LibraryError


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
        assert queue.settle(w) == []
    assert queue.pending == set() and queue.marked == {b, c}
    assert on_disk(seed_library) == {b, c}


def test_nothing_to_change_writes_nothing(queue, seed_library):
    (a,) = ids(seed_library, 1)
    assert queue.change([a], False) == (0, False)
    assert queue.change([], True) == (0, False)
    assert not queue.writing and list(queue.writes()) == []


def test_a_failed_write_is_taken_back_and_nothing_stays_pending(queue, seed_library, monkeypatch):
    a, b = ids(seed_library, 2)
    queue.change([a, b], True)

    def locked(ids, marked):
        raise LibraryError("the library is locked by another PaperScope process")

    monkeypatch.setattr(seed_library, "set_marked", locked)
    (write,) = queue.writes()
    assert write.error == "the library is locked by another PaperScope process"
    assert queue.settle(write) == [a, b]
    assert queue.marked == set() and queue.pending == set() and not queue.writing
    assert on_disk(seed_library) == set()


def test_a_newer_change_survives_the_failure_of_an_older_one(queue, seed_library, monkeypatch):
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
    (failed,) = queue.writes()  # the queue was empty after it: that writer is done
    assert queue.change([a], False) == (1, True)  # the user unmarks a: a new writer
    assert queue.change([a], True) == (1, False)  # and marks it again: the latest word
    assert queue.settle(failed) == [b]  # a has newer changes pending: not taken back
    assert queue.marked == {a} and queue.pending == {a}
    rest = list(queue.writes())
    assert [(w.marked, w.error) for w in rest] == [(False, None), (True, None)]
    assert not queue.writing
    for w in rest:
        queue.settle(w)
    assert queue.pending == set() and on_disk(seed_library) == {a}


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
