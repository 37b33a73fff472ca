"""Import a saved page (or a folder of them) from inside the app, with progress."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, ProgressBar, Static

from paperscope.imports import expand_paths
from paperscope.safe_text import printable
from paperscope.store import FileReport, Library, LibraryError

from ..widgets.path_input import PathInput


def report_table(reports: list[FileReport], skipped: list[str]) -> Table:
    """One row per file: format, found (declared), new, merged, warnings or the error."""
    table = Table(box=None, pad_edge=False, expand=True, header_style="bold")
    table.add_column("file", overflow="fold", ratio=2)
    table.add_column("format", no_wrap=True)
    table.add_column("found", justify="right", no_wrap=True)
    table.add_column("new", justify="right", no_wrap=True)
    table.add_column("merged", justify="right", no_wrap=True)
    table.add_column("notes", overflow="fold", ratio=3)
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
            Text(printable(Path(r.file).name)),
            Text(r.format or "?"),
            Text(found),
            Text(str(r.new)),
            Text(str(r.merged + r.updated)),
            notes,
        )
    for note in skipped:
        table.add_row(
            Text(printable(note)), Text(""), Text(""), Text(""), Text(""), Text("skipped")
        )
    return table


class ImportScreen(ModalScreen[list[FileReport] | None]):
    """Dismisses with the reports of the import (None when nothing was imported)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
    ]

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
            yield Static(Text("A page file or a folder of them (tab completes):"))
            yield PathInput(id="import-path", cwd=self.cwd, placeholder="~/Downloads/page.txt")
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
        if not path.exists():
            self._status(f"{printable(raw)}: no such file or folder.")
            return
        files, skipped = expand_paths([str(path)])
        if not files:
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
        new = sum(r.new for r in event.reports)
        merged = sum(r.merged + r.updated for r in event.reports)
        refused = sum(not r.ok for r in event.reports)
        summary = f"Done: {new} new, {merged} merged"
        if refused:
            summary += f", {refused} file{'s' if refused != 1 else ''} refused"
        self._status(summary + ". Import another, or close (escape).")
        self.query_one("#import-report-body", Static).update(
            report_table(event.reports, event.skipped)
        )
        self.set_class(True, "-reported")
        self.query_one("#import-close", Button).focus()
