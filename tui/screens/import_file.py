"""Import a saved page (or a folder of them) from inside the app, with progress."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from paperscope.imports import expand_paths
from paperscope.safe_text import printable
from paperscope.store import FileReport, Library, LibraryError

from ..widgets.path_input import PathInput, show_candidates

SHORT = 30  # terminal rows below which the dialog is laid out without borders and gaps
NAME_WIDTH = 30  # a longer file name keeps its start and its end: "2024-03-…-trending.txt"


def short_name(path: str, width: int = NAME_WIDTH) -> str:
    """The file's name (not its folder), printable, cut in the middle when long: the end
    tells one save of a page from another."""
    name = printable(Path(path).name)
    if len(name) <= width:
        return name
    tail = (width - 1) // 2
    return f"{name[: width - 1 - tail]}…{name[-tail:]}"


def skipped_file(note: str) -> tuple[str, str]:
    """``(file, why)`` of an ``expand_paths`` note (``"<path>: skipped, not a text page"``)."""
    path, sep, why = note.rpartition(": ")
    return (path, why) if sep else (note, "skipped")


def report_table(reports: list[FileReport], skipped: list[str]) -> Table:
    """One row per file: format, found (declared), new, merged, warnings or the error.

    A file's name is one line, cut with an ellipsis rather than folded mid-name; why a
    file was refused or skipped goes in the notes, where it wraps at words.
    """
    table = Table(box=None, pad_edge=False, expand=True, header_style="bold")
    table.add_column("file", no_wrap=True, overflow="ellipsis", ratio=1, min_width=12)
    table.add_column("format", no_wrap=True)
    table.add_column("found", justify="right", no_wrap=True)
    table.add_column("new", justify="right", no_wrap=True)
    table.add_column("merged", justify="right", no_wrap=True)
    table.add_column("notes", ratio=1)
    for r in reports:
        found = str(r.found) + (f"/{r.declared}" if r.declared not in (None, r.found) else "")
        if r.error:
            notes = Text(f"refused: {printable(r.error)}", style="bold")
        else:
            parts = [printable(w) for w in r.warnings]
            if r.updated:
                parts.insert(0, f"{r.updated} updated")
            if r.unchanged:
                parts.insert(0, f"{r.unchanged} already in the library")
            notes = Text("; ".join(parts))
        table.add_row(
            Text(short_name(r.file)),
            Text(r.format or "?"),
            Text(found),
            Text(str(r.new)),
            Text(str(r.merged + r.updated)),
            notes,
        )
    for note in skipped:
        path, why = skipped_file(note)
        dash = Text("–")
        table.add_row(Text(short_name(path)), dash, dash, dash, dash, Text(printable(why)))
    return table


def import_summary(reports: list[FileReport], skipped: list[str]) -> str:
    """``Done: 1 new, 74 merged; 3 not imported (1 refused, 2 skipped)``: every file
    that brought nothing in is counted, whatever the reason."""
    new = sum(r.new for r in reports)
    merged = sum(r.merged + r.updated for r in reports)
    refused = sum(not r.ok for r in reports)
    summary = f"Done: {new} new, {merged} merged"
    missing = refused + len(skipped)
    if missing:
        summary += f"; {missing} file{'s' if missing != 1 else ''} not imported"
        if refused and skipped:
            summary += f" ({refused} refused, {len(skipped)} skipped)"
        else:
            summary += " (refused)" if refused else " (skipped)"
    return summary


class ImportScreen(ModalScreen[list[FileReport] | None]):
    """Dismisses with the reports of the import (None when nothing was imported)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]
    # Below 30 rows the dialog drops its blank lines so the report keeps some room.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT, "-tall")]

    @dataclass
    class ImportProgressed(Message):
        done: int
        total: int
        name: str

    @dataclass
    class ImportFinished(Message):
        reports: list[FileReport]
        skipped: list[str]
        error: str | None = None

    def __init__(
        self, library: Library, write_lock: threading.RLock, cwd: Path | None = None
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.library = library
        self.write_lock = write_lock  # not `lock`: that is Textual's own (Widget.lock)
        self.cwd = cwd
        self.reports: list[FileReport] | None = None
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-dialog"):
            yield Static(Text("Import saved pages", style="bold"), classes="dialog-title")
            yield Static(Text("A page, a folder of pages or a pattern (*.txt); tab completes:"))
            yield PathInput(id="import-path", cwd=self.cwd, placeholder="~/Downloads/page.txt")
            yield Static(id="import-candidates", classes="path-candidates")
            yield ProgressBar(id="import-progress", show_eta=False)
            yield Static(id="import-status")
            with VerticalScroll(id="import-report"):
                yield Static(id="import-report-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Import", variant="primary", id="import-ok")
                yield Button("Close", id="import-close")

    def on_mount(self) -> None:
        self.query_one("#import-path", PathInput).focus()
        self.prepare()

    def on_resize(self, event: events.Resize) -> None:
        # On a short terminal the field loses its border: the report and buttons need the rows.
        self.query_one("#import-path", PathInput).compact = event.size.height < SHORT

    def on_path_input_candidates_listed(self, event: PathInput.CandidatesListed) -> None:
        show_candidates(self.query_one("#import-candidates", Static), event.candidates)

    def on_input_submitted(self, event: PathInput.Submitted) -> None:
        event.stop()
        self.start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "import-ok":
            self.start()
        else:
            self.action_close()

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(self.reports)

    def _status(self, message: str) -> None:
        self.query_one("#import-status", Static).update(Text(message))

    def start(self) -> None:
        if self.running:
            return
        raw = self.query_one("#import-path", PathInput).value.strip()
        if not raw:
            self._status("Type the path of a saved page.")
            return
        base = self.cwd or Path.cwd()
        path = Path(raw).expanduser()
        if not path.is_absolute():
            path = base / path
        # The core expands patterns (pages/*.txt), as for `paperscope import`.
        files, skipped = expand_paths([str(path)])
        if files == [path] and not path.exists():
            pattern = any(ch in raw for ch in "*?[")
            why = "no file matches" if pattern else "no such file or folder"
            self._status(f"{printable(raw)}: {why}.")
            return
        if not files:
            if skipped:  # only non-pages: the report says which, and why
                self.post_message(self.ImportFinished([], skipped))
            else:
                self._status(f"{printable(raw)}: no page files in there.")
            return
        self.running = True
        self.set_class(True, "-running", "-started")
        self.query_one("#import-ok", Button).disabled = True
        self.query_one("#import-progress", ProgressBar).update(total=len(files), progress=0)
        self._status(f"Importing {len(files)} file{'s' if len(files) != 1 else ''}…")
        self.run_import(files, skipped)

    @work(thread=True, group="import-prepare")
    def prepare(self) -> None:
        """Build the library's merge index while the user picks a file (a second or two
        at 100,000 papers), so the import itself is only the page's own work."""
        with self.write_lock:
            self.library.build_indexes()

    @work(thread=True, exclusive=True, group="import")
    def run_import(self, files: list[Path], skipped: list[str]) -> None:
        def progress(done: int, total: int, name: str) -> None:
            self.post_message(self.ImportProgressed(done, total, name))

        try:
            with self.write_lock:
                reports = self.library.import_files(files, progress=progress)
        except LibraryError as exc:
            self.post_message(self.ImportFinished([], skipped, error=str(exc)))
            return
        self.post_message(self.ImportFinished(reports, skipped))
        # Saved (journal) and reported; fold a grown journal into the main file now,
        # while the user reads the report, not at the next start.
        try:
            with self.write_lock:
                self.library.compact(only_if_due=True)
        except LibraryError as exc:  # the import is safe in the journal: a warning
            self.app.notify(
                f"Imported and saved, but folding the journal failed: {printable(str(exc), 600)}",
                title="Import saved",
                severity="warning",
                markup=False,
            )

    def on_import_screen_import_progressed(self, event: ImportProgressed) -> None:
        self.query_one("#import-progress", ProgressBar).update(
            total=event.total, progress=event.done
        )
        if event.name:
            self._status(f"Reading {printable(Path(event.name).name)}…")

    def on_import_screen_import_finished(self, event: ImportFinished) -> None:
        self.running = False
        self.set_class(False, "-running")
        self.query_one("#import-ok", Button).disabled = False
        if event.error:
            self._status(f"Import failed: {printable(event.error)}")
            # Also where it outlives the dialog: one line naming the file and the cause.
            self.app.notify(
                printable(event.error, 600),
                title="Import failed",
                severity="error",
                markup=False,
            )
            return
        self.reports = (self.reports or []) + event.reports
        summary = import_summary(event.reports, event.skipped)
        self._status(summary + ". Type another path to import more, or close (escape).")
        self.query_one("#import-report-body", Static).update(
            report_table(event.reports, event.skipped)
        )
        self.set_class(True, "-reported")
        # "Import another" works by typing: the path stays, selected, so a new one replaces it.
        field = self.query_one("#import-path", PathInput)
        field.focus()
        field.select_all()
