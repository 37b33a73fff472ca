"""Export the marked papers to a BibTeX file, asking before replacing one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static

from paperscope.records import LibraryPaper
from paperscope.safe_text import printable

from ..widgets.path_input import PathInput
from .confirm import ConfirmScreen


def default_export_path(today: dt.date | None = None) -> str:
    """``./paperscope-YYYYMMDD.bib``: in the folder the app was started from."""
    return f"./paperscope-{(today or dt.date.today()):%Y%m%d}.bib"


class ExportScreen(ModalScreen[Path | None]):
    """Dismisses with the written file, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(
        self,
        papers: list[LibraryPaper],
        *,
        key_scope: list[LibraryPaper] | None = None,
        path: str | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.papers = papers
        self.key_scope = key_scope
        self.path = path or default_export_path()

    def compose(self) -> ComposeResult:
        n = len(self.papers)
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(Text(f"Export {n} marked paper{'s' if n != 1 else ''} to BibTeX",
                              style="bold"), classes="dialog-title")
            yield Static(Text("File (tab completes):"))
            yield PathInput(self.path, id="export-path", select_on_focus=False)
            yield Checkbox("Include abstracts", value=True, id="export-abstract")
            yield Static(id="export-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")

    def on_mount(self) -> None:
        field = self.query_one("#export-path", PathInput)
        field.focus()
        field.cursor_position = len(field.value)

    def on_input_submitted(self, event: PathInput.Submitted) -> None:
        event.stop()
        self.export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export-ok":
            self.export()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(printable(message)))

    def export(self, force: bool = False) -> None:
        """Write the file; if it exists, ask first and write again with ``force``."""
        raw = self.query_one("#export-path", PathInput).value.strip()
        if not raw:
            self._error("Give a file name.")
            return
        path = Path(raw).expanduser()
        abstract = self.query_one("#export-abstract", Checkbox).value
        try:
            from paperscope.export import write_export
        except ImportError:
            self._error("Export is not available in this installation.")
            return
        try:
            written = write_export(self.papers, path, "bibtex", abstract=abstract,
                                   force=force, key_scope=self.key_scope)
        except FileExistsError:
            self.app.push_screen(
                ConfirmScreen(f"{printable(str(path))} already exists. Replace it?",
                              yes="Replace", no="Keep it"),
                callback=lambda yes: self.export(force=True) if yes else self._error(
                    "Not replaced: choose another file name."),
            )
            return
        except (OSError, ValueError) as exc:
            self._error(f"Cannot write {path}: {getattr(exc, 'strerror', None) or exc}")
            return
        self.dismiss(written)
