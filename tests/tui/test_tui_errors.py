"""The app's error paths (issue 11, cases 8, 9 and 10), driven with Textual's pilot.

What the user sees is asserted: the notification (one line naming the file and
the cause), the status line, the quit question; and what is on disk afterwards.
Faults are injected the way ``tests/test_faults.py`` does (an ``os`` call fails
with an errno), or made for real: another process holding the writer lock, a
journal segment truncated or deleted by another program.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from paperscope import marks
from paperscope.library import journal
from paperscope.store import Library, LibraryError
from tests.test_crash import big_cluster_page
from tests.test_marks import lock_held
from tui.app import lost_marks_note
from tui.screens.confirm import ConfirmScreen

from .helpers import main_screen, press, screen_text, settle, type_text

BIG = (120, 40)
SEED_PAPERS = 189


def notes(app) -> list[str]:
    """Every notification so far (kept by ``recording``), or those on screen."""
    return list(getattr(app, "said", None) or [n.message for n in app._notifications])


def recording(app) -> None:
    """Keep every notification, so the screen can be cleared of them and read."""
    app.said = []
    real = app.notify

    def notify(message, *args, **kwargs):
        app.said.append(message)
        return real(message, *args, **kwargs)

    app.notify = notify


async def seen(pilot) -> str:
    """The screen without notifications (they cover the status line's right end)."""
    pilot.app.clear_notifications()
    await pilot.pause()
    return screen_text(pilot.app)


def marked_on_disk(path: Path) -> set[str]:
    return {p.id for p in Library.open(path).marked()}


def files_of(path: Path) -> dict[str, bytes]:
    """Every file of the library (main, manifest, segments), by name."""
    return {
        p.name: p.read_bytes()
        for p in path.parent.iterdir()
        if p.name.startswith(path.name) and not p.name.endswith(".lock")
    }


def new_page(folder: Path) -> Path:
    page = folder / "new.txt"
    page.write_text(big_cluster_page(5, "Grace Newpage", "Lost Marks"), encoding="utf-8")
    return page


@pytest.fixture
def quick_retries(monkeypatch):
    """Retries and lock waits in tenths of a second, not seconds."""
    monkeypatch.setattr(marks, "RETRY_FIRST", 0.05)
    monkeypatch.setattr(marks, "MARK_LOCK_WAIT", 0.3)


# -- case 8: a full disk, permission denied, a missing folder ---------------------------


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.ENOENT])
async def test_an_import_that_cannot_be_written_says_why_and_the_app_goes_on(
    app, library_path, tmp_path, monkeypatch, code
):
    page = tmp_path / "page.txt"
    page.write_text(big_cluster_page(5, "Ada Fulldisk"), encoding="utf-8")  # 5 new papers
    before = files_of(library_path)
    real_open = os.open

    def failing(path, *args, **kwargs):  # the temp file every library write starts with
        p = Path(path)
        if p.parent == library_path.parent and p.name.startswith(".") and p.suffix == ".tmp":
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, *args, **kwargs)

    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        main = main_screen(app)
        monkeypatch.setattr(os, "open", failing)
        started = time.monotonic()
        await press(pilot, "i")
        await type_text(pilot, str(page))
        await press(pilot, "enter")
        await settle(pilot)
        assert time.monotonic() - started < 20  # no freeze
        (note,) = [n for n in notes(app) if os.strerror(code) in n]
        assert "\n" not in note and str(library_path.parent) in note  # the file and the cause
        assert "Import failed" in screen_text(app)
        assert files_of(library_path) == before  # nothing half-written
        await press(pilot, "escape")
        assert app.screen is main and len(main.snapshot.papers) == SEED_PAPERS
        monkeypatch.setattr(os, "open", real_open)  # space again: the app goes on
        await press(pilot, "i")
        await type_text(pilot, str(page))
        await press(pilot, "enter")
        await settle(pilot)
        assert "Done:" in screen_text(app)
        await press(pilot, "escape", "space")
        assert len(main.snapshot.papers) > SEED_PAPERS
    assert len(marked_on_disk(library_path)) == 1


async def test_a_failed_compaction_after_an_import_is_a_warning(
    app, library_path, tmp_path, monkeypatch
):
    page = tmp_path / "big.txt"
    page.write_text(big_cluster_page(150, "Ada Journal"), encoding="utf-8")
    lib = Library.open(library_path)
    lib.compact()  # the copied library gets its manifest: the next write is a segment
    lib.import_files([page])  # a journal: the next fold is due
    assert Library.open(library_path).compaction_due()
    real_replace = os.replace

    def full(src, dst, *args, **kwargs):  # only the main file's rename: the compaction
        if str(dst) == str(library_path):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
        return real_replace(src, dst, *args, **kwargs)

    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        monkeypatch.setattr(os, "replace", full)
        await press(pilot, "i")
        await type_text(pilot, str(new_page(tmp_path)))
        await press(pilot, "enter")
        await settle(pilot)
        assert "Done: 5 new" in screen_text(app)
        (note,) = [n for n in notes(app) if "folding the journal failed" in n]
        assert "saved" in note and "No space left on device" in note
    monkeypatch.undo()
    assert len(Library.open(library_path)) == SEED_PAPERS + 155  # the imports are there


async def test_a_mark_that_cannot_be_saved_stays_unsaved_and_is_retried(
    app, library_path, monkeypatch, quick_retries
):
    recording(app)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        main = main_screen(app)
        real = main.library.set_marked
        attempts: list[float] = []

        def full(ids, marked):
            attempts.append(time.monotonic())
            raise LibraryError(f"cannot write {library_path}: No space left on device")

        monkeypatch.setattr(main.library, "set_marked", full)
        paper = main.paper_list.current
        await press(pilot, "space")
        # Shown as marked, and the status line says it is not saved.
        text = await seen(pilot)
        assert main.marked == {paper.id} and "● 1 marked" in text
        assert "1 mark not saved, retrying" in text
        (note,) = [n for n in notes(app) if "not saved yet" in n]
        assert str(library_path) in note and "No space left on device" in note
        await pilot.pause(1.2)
        # Retried, each time later (0.05, 0.1, 0.2, 0.4 s...): never a busy loop.
        assert 3 <= len(attempts) <= 7, len(attempts)
        gaps = [b - a for a, b in zip(attempts, attempts[1:], strict=False)]
        assert gaps == sorted(gaps) or max(gaps) >= 0.2
        assert len([n for n in notes(app) if "not saved yet" in n]) == 1  # said once
        monkeypatch.setattr(main.library, "set_marked", real)  # space freed
        for _ in range(100):
            await pilot.pause(0.05)
            if not main.marks.pending:
                break
        await settle(pilot)
        assert marked_on_disk(library_path) == {paper.id}
        text = await seen(pilot)
        assert "not saved" not in text and "● 1 marked" in text
        assert any("saved now" in n for n in notes(app))


# -- case 9: the library becomes unreadable while the app is open ------------------------


@pytest.mark.parametrize("damage", ["truncated", "deleted"])
async def test_a_library_damaged_while_open_is_told_and_nothing_is_written(
    app, library_path, tmp_path, monkeypatch, quick_retries, damage
):
    recording(app)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        main = main_screen(app)
        other = Library.open(library_path)  # e.g. `paperscope import` elsewhere
        other.compact()  # the copied library gets its manifest: the import is a segment
        other.import_files([new_page(tmp_path)])
        (seq, _), *_ = journal.read_manifest(library_path).segments
        seg = journal.segment_path(library_path, seq)
        good = seg.read_bytes()
        if damage == "truncated":  # another program cut it short
            seg.write_bytes(good[: len(good) // 2])
        else:
            seg.unlink()
        damaged = files_of(library_path)
        main._check_disk()
        await settle(pilot)
        (note,) = [n for n in notes(app) if "check --repair" in n]
        assert seg.name in note and str(library_path) in note
        assert app.is_running and app.screen is main
        assert len(main.snapshot.papers) == SEED_PAPERS  # what it had, still shown
        main._check_disk()  # the same damage: not read (nor told) again
        await settle(pilot)
        assert len([n for n in notes(app) if "check --repair" in n]) == 1
        paper = main.paper_list.current
        await press(pilot, "space")  # a mark: kept, not written over the damage
        assert main.marked == {paper.id} and "1 mark not saved" in await seen(pilot)
        assert files_of(library_path) == damaged
        seg.write_bytes(good)  # put back (as `paperscope check --repair` would rebuild)
        main._check_disk()
        for _ in range(100):
            await pilot.pause(0.05)
            if not main.marks.pending:
                break
        await settle(pilot)
        assert len(main.snapshot.papers) > SEED_PAPERS
    assert marked_on_disk(library_path) == {paper.id}


# -- case 10: quitting while another process holds the lock -------------------------------


@pytest.mark.parametrize("answer", ["wait", "quit"])
async def test_quitting_with_marks_another_process_keeps_from_disk_asks(
    app, library_path, quick_retries, answer
):
    recording(app)
    async with app.run_test(size=BIG, notifications=True) as pilot:
        await settle(pilot)
        main = main_screen(app)
        paper = main.paper_list.current
        with lock_held(library_path) as holder:
            await press(pilot, "space")
            assert "1 mark not saved, retrying" in await seen(pilot)
            await pilot.press("q")
            await pilot.pause(0.2)
            assert isinstance(app.screen, ConfirmScreen)
            text = await seen(pilot)
            assert "1 mark change not saved yet" in text and "locked" in text
            assert "Quit, lose 1" in text and "Wait" in text
            if answer == "quit":
                await pilot.press("y")
                await pilot.pause(0.5)
                assert not app.is_running
            else:
                await pilot.press("n")
                await pilot.pause(0.5)
                assert app.is_running and app.screen is main
                assert any("quits as soon as" in n for n in notes(app))
                holder.kill()  # the other process is done: the retry lands, then quit
                holder.wait()
                for _ in range(200):
                    await pilot.pause(0.05)
                    if not app.is_running:
                        break
                assert not app.is_running
    if answer == "quit":
        assert marked_on_disk(library_path) == set()
        note = lost_marks_note(app)
        assert note is not None and "1 mark change not saved" in note and "locked" in note
    else:
        assert marked_on_disk(library_path) == {paper.id}
        assert lost_marks_note(app) is None
    assert app.return_code == 0


async def test_quitting_with_every_mark_saved_asks_nothing(app, library_path):
    async with app.run_test(size=BIG) as pilot:
        await settle(pilot)
        await press(pilot, "space")
        await pilot.press("q")
        await pilot.pause(0.2)
        assert not app.is_running
    assert len(marked_on_disk(library_path)) == 1 and lost_marks_note(app) is None
