"""Hostile library text in every pane, dialog, notification and the palette of the app.

Each state below drives the app on the hostile library of ``tests/test_cli_hostile.py``
(markup, ANSI CSI/OSC sequences, a C1 CSI, bidi controls, zero-width characters and
5,000-character words in titles, names, abstracts, affiliations, links, source file
names, a page subject, an export file name and imported page names) and ends with
:func:`check_screen`: what the screen shows holds none of those characters, the
markup is there literally, no link or click action came out of it, and the app is
still running after ``[@click=app.quit]``. ``test_tui_hostile_snapshots.py`` takes a
snapshot of each state after the same checks.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from rich.segment import Segment
from textual import events
from textual.command import CommandPalette
from textual.pilot import Pilot

from tests.test_cli_hostile import (
    BIDI,
    C1_CSI,
    CSI,
    EVE,
    FILE_NAME,
    FORBIDDEN,
    OSC52,
    TITLE,
    ZERO_WIDTH,
    build_hostile_library,
    hostile_page_text,
)
from tui.app import PaperScopeApp, create_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.export import ExportScreen
from tui.screens.help import HelpScreen
from tui.screens.import_file import ImportScreen
from tui.terminal_guard import TerminalGuard

from .helpers import main_screen, press, screen_text, settle

SIZE = (120, 36)
EXPORT_NAME = f"paperscope-[bold red]x[reverse]{OSC52}{BIDI}{ZERO_WIDTH}.bib"
PASTED = f"{OSC52}[bold]x[/] {BIDI}"
SAFE_LINK = "https://example.org/[bold]x[/]?q=[@click=app.quit]"


def _full_update(app: PaperScopeApp):
    return app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)


def check_screen(app: PaperScopeApp, *literal: str) -> str:
    """The checks every state ends with; returns the screen's text."""
    update = _full_update(app)
    for line in update.strips:  # every segment of every widget, dialogs over their screens
        for segment in (segment for strip in line for segment in strip):
            bad = sorted({f"U+{ord(c):04X}" for c in FORBIDDEN if c in segment.text})
            assert not bad, f"{bad} in {segment.text!r}"
            style = segment.style
            if style is not None:
                assert not style.link, f"a link came out of the data: {style.link!r}"
                assert "@click" not in (style.meta or {}), f"a click action: {style.meta!r}"
    # What the terminal would be sent: Textual's own CSI sequences only (no OSC, no BEL).
    raw = update.render_segments(app.console)
    assert "\x1b]" not in raw and "\x07" not in raw and "\x9b" not in raw
    assert not any(c in raw for c in FORBIDDEN[3:])  # bidi and zero-width
    text = screen_text(app)
    for shown in literal:
        assert shown in text, f"{shown!r} is not on the screen:\n{text}"
    assert app.is_running and app.return_code is None  # [@click=app.quit] did nothing
    return text


async def _start(pilot: Pilot) -> None:
    await settle(pilot)
    main = main_screen(pilot.app)
    assert main.paper_list.current.title == TITLE  # the newest paper comes first


async def panes(pilot: Pilot) -> None:
    """Author list, paper list and reader side by side, the hostile paper chosen."""
    await _start(pilot)
    check_screen(
        pilot.app,
        "[bold red]x[/] [link=file:///etc/passwd]y[/link] [/]",
        "★ [red]Sub Ject[/] \\x1b]8",
        "[link=file:///etc/passw",
        "\\u202eevil\\u2066iso\\u2067r\\u2068f\\u2069, [@click=app.quit]Quitter",
        "Authors  [link=file:///etc/passwd]Eve[/link] \\x1b[31mRed",
        "[b]V[/b]\\",
        "Pneumonooo",
        "Zed Zero\\u200bWidth\\ufe",
    )


async def reader(pilot: Pilot) -> None:
    """The hostile paper open in the reader: every field of it."""
    await _start(pilot)
    await press(pilot, "enter")
    check_screen(
        pilot.app,
        "[bold red]x[/] [link=file:///etc/passwd]y[/link] [/] [@click=app.quit]z[/]",
        "\\x1b]8;;http://evil\\x07link",
        "\\x1b]52;c;SGFja2Vk\\x07clip \\x9b7mrev",
        "\\u202eevil\\u2066iso\\u2067r\\u2068f\\u2069 zero\\u200bwidth\\ufeff",
        "\\u202eevil\\u2066iso\\u2067r\\u2068f\\u2069, [@click=app.quit]Quitter",
        "[@click=app.quit]Quitter[/]",
        "Zero\\u200bWidth\\ufeff",
        "[i]aff[/i] \\x1b]8;;http://evil\\x07",
        "[b]V[/b]\\x1b[31m · Conference · [u]Paper[/u]",
        "2024-03-05\\x1b[31m",
        "category [red]CV[/]\\x1b[31m",
        "[1] https://evil.example/\\u202eevil",
        "[2] javascript:[@click=app.quit]",
        "[3] https://example.org/[bold]x[/]?q=[@click=app.quit]",
        "red]page[reverse]\\x1b]52;c;SGFja2Vk\\x07\\u202eevil",
        "First line [bold red]x[/]",
        "Pneumonooo",
    )


async def reader_long(pilot: Pilot) -> None:
    """A 5,000-character word as a title, a name and in the abstract: folded, not lost."""
    await _start(pilot)
    await press(pilot, "j", "enter")
    assert "o" * 100 in check_screen(pilot.app, "Pneumonooo")
    await press(pilot, "G")  # the end of the abstract
    check_screen(pilot.app, "ooooo", "word.")


async def author(pilot: Pilot) -> None:
    """Eve chosen: the pane title, the summary and co-authors with hostile names."""
    await _start(pilot)
    main = main_screen(pilot.app)
    await press(pilot, "shift+tab")
    main.author_list.move_cursor(
        next(i for i, c in enumerate(main.author_list.shown) if c.name == EVE)
    )
    await press(pilot, "enter", "shift+tab")  # from the paper list back to the co-authors
    assert main.author is not None and main.author.name == EVE
    assert main.focused is main.query_one("#coauthor-list")
    check_screen(
        pilot.app,
        "Author · [link=file:",
        "author: [link=file:///etc/passwd]Eve[/link]",
        "\\u202eevil\\u2066iso\\u2067r\\u2068f\\u2069, [@click=app.quit]Quitter",
        "[@click=app.quit]Quitter[/]",
        "Zed Zero\\u200bWidth",
        "[red]Sub Ject[/] \\x1b]8",
    )


async def help_screen(pilot: Pilot) -> None:
    await _start(pilot)
    await press(pilot, "question_mark")
    assert isinstance(pilot.app.screen, HelpScreen)
    check_screen(pilot.app, "PaperScope keys")


async def search_paste(pilot: Pilot) -> None:
    """Escapes pasted into the search field: the field drops them, the status line shows them."""
    await _start(pilot)
    await press(pilot, "slash")
    main = main_screen(pilot.app)
    main.search_bar.input.post_message(events.Paste(PASTED))
    await settle(pilot)
    assert main.search_bar.text == PASTED  # the value is what was pasted
    check_screen(
        pilot.app,
        "]52;c;SGFja2Vk[bold]x[/] evilisorf",  # the field
        "search: \\x1b]52;c;SGFja2Vk\\x07[bold]x[/] \\u202eevil",
    )  # the status line


async def palette(pilot: Pilot) -> None:
    """The command palette's author search."""
    await _start(pilot)
    await press(pilot, "ctrl+p")
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*"mallory")
    for _ in range(100):
        await pilot.pause(0.02)
        if "Author: Mallory" in screen_text(pilot.app):
            break
    await settle(pilot)
    check_screen(pilot.app, "Author: Mallory \\u202eevil\\u2066iso\\u2067r\\u2068f\\u2069 (1 pap")


async def unmark_question(pilot: Pilot) -> None:
    """A marks all (a notification), U asks first."""
    await _start(pilot)
    await press(pilot, "A", "U")
    assert isinstance(pilot.app.screen, ConfirmScreen)
    check_screen(pilot.app, "Marked 4 more papers; 4 marked in all.", "Unmark all 4 marked papers?")


async def unmarked(pilot: Pilot) -> None:
    await _start(pilot)
    await press(pilot, "A", "U", "y")
    assert not main_screen(pilot.app).marked
    check_screen(pilot.app, "Unmarked 4 papers.")


async def copied(pilot: Pilot) -> None:
    """y copies the hostile paper's BibTeX; the notification names the title literally."""
    await _start(pilot)
    await press(pilot, "y")
    bibtex = pilot.app.clipboard
    assert bibtex.startswith("@inproceedings{") and not any(c in bibtex for c in FORBIDDEN)
    check_screen(
        pilot.app,
        "BibTeX of “[bold red]x[/]",
        "[link=file:///etc/passwd]y[/link] [/]",
        "[@click=app.quit]z[/] \\x1b[31mred",
    )


async def copied_long(pilot: Pilot) -> None:
    """A 5,000-character title in a notification is cut short, not spread over the screen."""
    await _start(pilot)
    await press(pilot, "j", "y")
    check_screen(pilot.app, "BibTeX of", "“Pneumonooo", "ooo…” copied to the")
    toasts = list(pilot.app.screen.query("Toast"))
    assert toasts and all(toast.size.height <= 10 for toast in toasts)  # not 40 lines


async def opened(pilot: Pilot) -> None:
    """o opens the one safe web link (open_in_browser is replaced by the test)."""
    await _start(pilot)
    await press(pilot, "o")
    check_screen(pilot.app, "https://example.org/[bold]x[/]?q=[@click=app.quit] in")
    assert pilot.app.opened == [SAFE_LINK]


def _export_dir(pilot: Pilot) -> Path:
    return getattr(pilot.app, "export_dir", Path.cwd())


async def export_question(pilot: Pilot) -> None:
    """The file name completes to an existing hostile one; the dialog asks before replacing."""
    await _start(pilot)
    await press(pilot, "space", "e")
    screen = pilot.app.screen
    assert isinstance(screen, ExportScreen)
    field = screen.query_one("#export-path")
    field.value = f"{_export_dir(pilot)}/paperscope-"
    field.cursor_position = len(field.value)
    await press(pilot, "tab")
    assert field.value.endswith(EXPORT_NAME)  # completed from the folder
    await press(pilot, "enter")
    assert screen.asking
    check_screen(
        pilot.app,
        "red]x[reverse]\\x1b]52;c;SGFja2Vk\\x07\\u202eevil\\u2066iso",
        "already exists. Replace it?",
        "]52;c;SGFja2Vkevilisorfzerowidth.bib",
    )  # the field drops what it cannot show


async def exported(pilot: Pilot) -> None:
    await export_question(pilot)
    await press(pilot, "y")
    written = _export_dir(pilot) / EXPORT_NAME
    assert written.read_text(encoding="utf-8").startswith("@inproceedings{")
    check_screen(
        pilot.app,
        "Exported",
        "Exported 1 paper (BibTeX) to ",
        "red]x[reverse]\\x1b]52;c;SGFja2Vk\\x07\\u202eevil",
    )


async def import_report(pilot: Pilot) -> None:
    """A folder with a hostile-named page (whose titles hold markup) and a refused file."""
    await _start(pilot)
    await press(pilot, "i")
    screen = pilot.app.screen
    assert isinstance(screen, ImportScreen)
    field = screen.query_one("#import-path")
    field.cursor_blink = False  # the field keeps the focus after the import: a still frame
    field.value = "incoming"
    await press(pilot, "enter")
    assert screen.reports and len(screen.reports) == 2
    check_screen(
        pilot.app,
        "Done: 2 new, 0 merged; 1 file not imported (refused).",
        "[bold red]page[",
        "notes",
        "notes \\x1b[31m\\",
        "refused: not a",
        "[bold red]x[/]",
        "[@click=app.quit]z",
    )


STATES: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "panes": panes,
    "reader": reader,
    "reader-long": reader_long,
    "author": author,
    "help": help_screen,
    "search-paste": search_paste,
    "palette": palette,
    "unmark-question": unmark_question,
    "unmarked": unmarked,
    "copied": copied,
    "copied-long": copied_long,
    "opened": opened,
    "export-question": export_question,
    "exported": exported,
    "import-report": import_report,
}


def make_hostile_app(folder: Path, monkeypatch, export_dir: Path | None = None) -> PaperScopeApp:
    """The app on the hostile library in ``folder`` (the cwd), with pages to import and a
    hostile file name to export over; links are 'opened' into ``app.opened``."""
    monkeypatch.chdir(folder)
    build_hostile_library(folder / "lib.json")
    incoming = folder / "incoming"
    incoming.mkdir()
    (incoming / FILE_NAME).write_text(hostile_page_text(), encoding="utf-8")
    (incoming / f"notes {CSI}{BIDI}[b].txt").write_text("Lunch at noon.\nNothing else.\n")
    export_dir = export_dir or folder
    (export_dir / EXPORT_NAME).write_text("an older export\n")
    app = create_app(folder / "lib.json")
    app.export_dir = export_dir
    app.opened = []
    monkeypatch.setattr(
        "tui.screens.library_screen.open_in_browser", lambda url: app.opened.append(url) or None
    )
    return app


async def _back_to_start(pilot: Pilot) -> None:
    """Undo what a state did: dialogs closed, no search, author, marks or notifications."""
    app = pilot.app
    await settle(pilot)
    while len(app.screen_stack) > 1:
        await press(pilot, "escape")
    main = main_screen(app)
    main.search_bar.clear()
    main.choose_author(None)
    main.set_marks(main.snapshot.papers, False)
    await press(pilot, "escape", "g")  # the reader closed, the list's first row
    app.clear_notifications()
    (app.export_dir / EXPORT_NAME).write_text("an older export\n")


async def test_every_state_in_one_session(tmp_path, monkeypatch):
    """All states in turn in one running app (the snapshots run each on a fresh one)."""
    app = make_hostile_app(tmp_path, monkeypatch)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        for state in STATES.values():
            await _back_to_start(pilot)
            await state(pilot)
        assert app.opened == [SAFE_LINK]  # never the bidi one, never javascript:
        assert app.is_running and app.return_code is None
        # the SVG a screenshot makes holds none of the characters either
        svg = app.export_screenshot()
        assert not any(c in svg for c in FORBIDDEN)


def test_guard_keeps_widths_and_control_segments():
    """The filter under every widget drops only zero-width characters: lines keep their width."""
    from rich.cells import cell_len

    guard = TerminalGuard()
    control = Segment("\x1b[?25l", None, [(1, 0)])
    segments = [
        Segment(f"a{CSI}b{BIDI}"),
        Segment(ZERO_WIDTH + "\t|\ud800|"),
        control,
        Segment(OSC52),
    ]
    out = guard.apply(segments, background=None)
    assert [s.text for s in out] == [
        "a[31mbevilisorf",
        "zerowidth|\ufffd|",
        control.text,
        "]52;c;SGFja2Vk",
    ]
    assert [cell_len(s.text) for s in out if not s.control] == [
        cell_len(s.text) for s in segments if not s.control
    ]
    plain = [Segment("nothing to do")]
    assert guard.apply(plain, background=None) is plain


def test_real_terminal_receives_no_hostile_sequence(tmp_path):
    """The app in a pty: the bytes it writes hold no OSC, BEL or bidi control from the data.

    Textual's own sequences are CSI, OSC 52 when copying (base64 of clean BibTeX here)
    and OSC 22 for the pointer shape; the data's are shown as visible escapes.
    """
    import base64
    import re

    from tests.test_concurrency_crash import PtyApp

    build_hostile_library(tmp_path / "lib.json")
    app = PtyApp(["--db", str(tmp_path / "lib.json")], size=SIZE)
    try:
        app.wait_for(b"4 papers")
        app.wait_for(b"[bold red]x[/] [link=file:///etc/passwd]y[")  # the list's first row
        app.send(b"\r")  # the reader
        app.wait_for(b"\\x1b]52;c;SGFja2Vk\\x07clip")  # the title, escapes made visible
        app.send(b"y")  # copy its BibTeX: Textual's own OSC 52
        app.wait_for(b"\x1b]52;c;")
        mark = len(app.output)
        app.send(b"\x1b")  # back from the reader (alone: ESC and a key would be alt+key)
        app.settle(mark)
        mark = len(app.output)
        app.send(b"/")
        app.settle(mark)
        # a bracketed paste (without ESC: Textual's parser would take it for a sequence)
        pasted = f"[bold]x[/] {BIDI} {ZERO_WIDTH} {C1_CSI}".encode()
        app.send(b"\x1b[200~" + pasted + b"\x1b[201~")
        app.wait_for(b"[bold]x[/] evilisorf zerowidth 7m")  # the field drops them
        app.wait_for(b"[bold]x[/] \\u202eevil\\u2066iso")  # the status line shows them
    finally:
        assert app.quit() == 0
    raw = bytes(app.output)
    copies = re.findall(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", raw)
    assert copies
    for payload in copies:
        bibtex = base64.b64decode(payload).decode("utf-8")
        assert bibtex.startswith("@inproceedings{") and "[bold red]x[/]" in bibtex
        assert not any(c in bibtex for c in FORBIDDEN)
    rest = re.sub(rb"\x1b\]52;c;[A-Za-z0-9+/=]*\x07|\x1b\]22;[a-z-]*\x07", b"", raw)
    assert b"\x1b]" not in rest and b"\x07" not in rest  # no other OSC, no BEL
    text = raw.decode("utf-8", "replace")
    assert not any(c in text for c in FORBIDDEN[2:])  # C1 CSI, bidi, zero-width
