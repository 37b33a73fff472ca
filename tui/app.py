"""The PaperScope app: ``paperscope`` with no subcommand runs :func:`run`."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Sequence
from typing import ClassVar

from textual.app import App
from textual.binding import BindingType
from textual.filter import LineFilter

from paperscope.marks import MarkQueue
from paperscope.safe_text import printable
from paperscope.store import Library, Preview

from .commands import PaperScopeCommands
from .keys import APP_BINDINGS
from .screens.confirm import ConfirmScreen
from .screens.help import HelpScreen
from .screens.library_screen import plural
from .screens.main import MainScreen
from .terminal_guard import TerminalGuard


class PaperScopeApp(App[int]):
    """Browse one library. Tests build it with :func:`create_app`."""

    CSS_PATH = "app.tcss"
    TITLE = "PaperScope"
    COMMANDS = App.COMMANDS | {PaperScopeCommands}
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

    def __init__(self, library: Library, preview: Preview | None = None) -> None:
        super().__init__()
        self.library = library
        self._preview = preview
        self.error: Exception | None = None  # why the app had to stop (see run)
        self.library_lock = threading.RLock()
        self._guard = TerminalGuard()
        self.abandoned: MarkQueue | None = None  # marks the user chose to quit without
        # The command line has just imported the bundled sample pages: the app says so.
        self.first_run = False

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the guard that keeps control characters off the terminal."""
        return [*super().get_line_filters(), self._guard]

    def get_default_screen(self) -> MainScreen:
        return MainScreen(self.library, self.library_lock, self._preview)

    def on_ready(self) -> None:
        """The first frame is on the terminal: read the library behind a preview now."""
        main = self.main_screen
        if main.read_after_first_frame:
            main.read_after_first_frame = False
            main.load_library("open")

    def on_library_screen_library_failed(self, event: MainScreen.LibraryFailed) -> None:
        """The library cannot be read (damaged, or newer): nothing was written; `run`
        says why in one line once the terminal is restored."""
        self.error = event.error
        self.exit(return_code=2)

    @property
    def main_screen(self) -> MainScreen:
        return next(s for s in self.screen_stack if isinstance(s, MainScreen))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit once every mark is on disk; if some cannot be saved now (another process
        holds the library, a full disk), say so and ask: wait, or quit and lose them."""
        main = self.main_screen
        if await main.marks_saved_before_quit():
            self.exit(0)
            return
        if isinstance(self.screen, ConfirmScreen) and main.quit_when_saved:
            return  # already asking
        marks = main.marks
        n = len(marks.pending)
        why = printable(marks.last_error or "they are still being written", 600)
        main.quit_when_saved = True  # if they land while the question is open: quit

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                marks.abandon()
                self.abandoned = marks  # `run` says how many were lost
                self.exit(0)
            else:
                self.notify(
                    f"Waiting to save {plural(n, 'mark')}: PaperScope quits as soon as "
                    "they are saved (q asks again).",
                    title="Quitting",
                )

        question = (
            f"{plural(n, 'mark change')} not saved yet: {why}.\n\n"
            "Wait (PaperScope quits once they are saved), or quit now and lose them?"
        )
        self.push_screen(
            ConfirmScreen(question, yes=f"Quit, lose {n}", no="Wait"), callback=answered
        )


def create_app(library_path: str | os.PathLike[str], deferred: bool = False) -> PaperScopeApp:
    """The app on the library at ``library_path`` (used by tests and screenshots);
    ``deferred``: read it in the background after a first frame from its head, as
    ``paperscope`` does."""
    if deferred:
        return PaperScopeApp(*Library.deferred(library_path))
    return PaperScopeApp(Library.open(library_path))


def lost_marks_note(app: PaperScopeApp) -> str | None:
    """After the app has stopped: the line saying how many mark changes the user chose
    to quit without, if any (counted now that no write is under way: one may have
    landed after all)."""
    marks = app.abandoned
    if marks is None or not (lost := marks.lost()):
        return None
    why = marks.last_error or "the app quit before they were written"
    return f"paperscope: {plural(lost, 'mark change')} not saved: {printable(why, 600)}"


def run(library: Library, preview: Preview | None = None, first_run: bool = False) -> int:
    """Run the app; with a ``preview``, ``library`` is read in the background;
    ``first_run``: the sample pages were just imported (the app says how to remove them)."""
    app = PaperScopeApp(library, preview)
    app.first_run = first_run
    app.run()
    note = lost_marks_note(app)
    if note is not None:
        print(note, file=sys.stderr)
    if app.error is not None:  # the command line prints it as one line, exit code 2
        raise app.error
    return app.return_code or 0
