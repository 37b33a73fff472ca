"""Scripted states of the app, shared by the screenshot script and the snapshot tests.

Each state drives a running app (through Textual's ``Pilot``) from start-up to
something worth showing. ``settle`` waits until loading, searching and mark
writing are done, so what is captured no longer changes.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

from textual.pilot import Pilot

from paperscope.store import Library

from .app import PaperScopeApp
from .screens.main import MainScreen

State = Callable[[Pilot], Awaitable[None]]
# The day the bundled seed pages were saved: their year-less dates depend on it.
SEEDS_SAVED = dt.date(2026, 11, 22)


def build_demo_library(folder: Path, pages: Iterable[Path], saved: dt.date = SEEDS_SAVED) -> Path:
    """A library in ``folder`` from copies of ``pages`` dated ``saved`` (reproducible)."""
    copies = folder / "pages"
    copies.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.combine(saved, dt.time(12)).timestamp()
    files = []
    for page in pages:
        copy = copies / page.name
        shutil.copyfile(page, copy)
        os.utime(copy, (stamp, stamp))
        files.append(copy)
    path = folder / "lib.json"
    reports = Library.open(path).import_files(files)
    bad = [r for r in reports if not r.ok]
    if bad:
        raise RuntimeError(f"{bad[0].file}: {bad[0].error}")
    return path


async def settle(pilot: Pilot, rounds: int = 300) -> None:
    """Wait until no worker runs and the library, index and marks are all in."""
    app = pilot.app
    assert isinstance(app, PaperScopeApp)
    main: MainScreen = app.main_screen
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers) and main.idle:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise TimeoutError("the app did not settle")


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys one by one, letting the app settle after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])
    await settle(pilot)


async def _go_to_title(pilot: Pilot, start: str) -> None:
    app = pilot.app
    assert isinstance(app, PaperScopeApp)
    main = app.main_screen
    paper = next(p for p in main.paper_list.papers if p.title.startswith(start))
    main.paper_list.select_paper(paper.id)
    await settle(pilot)


async def overview(pilot: Pilot) -> None:
    """Start-up, with three papers marked."""
    await settle(pilot)
    await press(pilot, "j", "space", "space", "j", "space", "k")


async def author_selected(pilot: Pilot) -> None:
    """The first page subject chosen: papers, years, co-authors."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, PaperScopeApp)
    if not app.main_screen.sidebar_shown:  # hidden on a narrow terminal: \ shows it
        await press(pilot, "backslash")
    await press(pilot, "shift+tab", "enter", "j", "j")


async def search_with_filters(pilot: Pilot) -> None:
    """A misspelt word plus author and year filters."""
    await settle(pilot)
    await press(pilot, "slash")
    await type_text(pilot, "efficent au:yuan year:2021-2023")
    await press(pilot, "enter")


async def reader(pilot: Pilot) -> None:
    """A paper seen on three pages, opened in the reader."""
    await settle(pilot)
    await _go_to_title(pilot, "EfficientFormer")
    await press(pilot, "space", "k", "enter")


async def notes(pilot: Pilot) -> None:
    """A paper to read, two tags and a note, opened in the reader."""
    await settle(pilot)
    await _go_to_title(pilot, "EfficientFormer")
    await press(pilot, "t", "number_sign")
    await type_text(pilot, "+later +vit")
    await press(pilot, "enter", "N")
    await type_text(pilot, "Compare latency with MobileViT.")
    await press(pilot, "enter")
    await type_text(pilot, "Table 3 has the iPhone numbers.")
    await press(pilot, "ctrl+s", "j", "k", "enter")
    pilot.app.clear_notifications()
    await settle(pilot)


async def help_screen(pilot: Pilot) -> None:
    await settle(pilot)
    await press(pilot, "question_mark")


STATES: dict[str, State] = {
    "overview": overview,
    "author": author_selected,
    "search": search_with_filters,
    "reader": reader,
    "help": help_screen,
    "notes": notes,
}
