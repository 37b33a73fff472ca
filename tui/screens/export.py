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


def default_export_path(today: dt.date | None = None) -> str:
    """``./paperscope-YYYYMMDD.bib``: in the folder the app was started from."""
    return f"./paperscope-{(today or dt.date.today()):%Y%m%d}.bib"


class ExportScreen(ModalScreen[Path | None]):
    """Dismisses with the written file, or None when cancelled.

    When the file exists the dialog itself asks (no second dialog on top of it),
    and only a yes writes over it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("y", "replace(True)", "Replace", show=False),
        Binding("n", "replace(False)", "Keep it", show=False),
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
            yield Static(
                Text(f"Export {n} marked paper{'s' if n != 1 else ''} to BibTeX", style="bold"),
                classes="dialog-title",
            )
            yield Static(Text("File (tab completes):"))
            yield PathInput(self.path, id="export-path", select_on_focus=False)
            yield Checkbox("Include abstracts", value=True, id="export-abstract")
            yield Static(id="export-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons", id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")
            with Vertical(id="export-replace"):
                yield Static(id="export-question")
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Replace (y)", variant="warning", id="export-yes")
                    yield Button("Keep it (n)", id="export-no")

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
        elif event.button.id in ("export-yes", "export-no"):
            self.action_replace(event.button.id == "export-yes")
        else:
            self.dismiss(None)

    @property
    def asking(self) -> bool:
        return self.has_class("-asking")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "replace":
            return self.asking  # y and n answer the question; otherwise they are typed
        return True

    def action_cancel(self) -> None:
        if self.asking:
            self.action_replace(False)
        else:
            self.dismiss(None)

    def action_replace(self, yes: bool) -> None:
        self.set_class(False, "-asking")
        if yes:
            self.export(force=True)
        else:
            self._error("Not replaced: choose another file name.")
            self.query_one("#export-path", PathInput).focus()

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
            written = write_export(
                self.papers,
                path,
                "bibtex",
                abstract=abstract,
                force=force,
                key_scope=self.key_scope,
            )
        except FileExistsError:
            self._error("")
            self.query_one("#export-question", Static).update(
                Text(f"{printable(str(path.resolve()))} already exists. Replace it?")
            )
            self.set_class(True, "-asking")
            self.query_one("#export-no", Button).focus()
            return
        except (OSError, ValueError) as exc:
            self._error(f"Cannot write {path}: {getattr(exc, 'strerror', None) or exc}")
            return
        self.dismiss(written)
