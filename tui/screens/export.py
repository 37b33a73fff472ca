"""Export the marked papers: any format of the CLI, or added to an existing .bib.

Asks before replacing a file, says which papers lack authors or a year before
anything is written, and remembers the last path and choice across restarts.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from paperscope.export.gaps import export_gaps
from paperscope.records import LibraryPaper
from paperscope.safe_text import printable
from paperscope.session import load_state, save_state

from ..keys import with_key
from ..widgets.check_box import CheckBox
from ..widgets.folder_label import FolderLabel
from ..widgets.path_input import PathInput, show_candidates

INTO = "into"  # the choice that adds to an existing .bib instead of writing a file
# (label, choice, file extension, name), in the order the CLI's --format lists them.
CHOICES = [
    ("BibTeX, a new .bib file", "bibtex", ".bib", "BibTeX"),
    ("BibTeX, added to an existing .bib (keeps what is there)", INTO, ".bib", "BibTeX"),
    ("CSL-JSON (Zotero, pandoc)", "csljson", ".json", "CSL-JSON"),
    ("RIS (EndNote, Mendeley)", "ris", ".ris", "RIS"),
    ("Markdown reading list", "markdown", ".md", "Markdown"),
]
EXTENSIONS = {choice: ext for _, choice, ext, _ in CHOICES}
NAMES = {choice: name for _, choice, _, name in CHOICES}
SHORT = 30  # terminal rows below which the dialog is laid out without borders and gaps
STATE_KEY = "export"  # this dialog's part of the session state


def default_export_path(today: dt.date | None = None, fmt: str = "bibtex") -> str:
    """``./paperscope-YYYYMMDD.bib``: in the folder the app was started from."""
    return f"./paperscope-{(today or dt.date.today()):%Y%m%d}{EXTENSIONS.get(fmt, '.bib')}"


def with_extension(path: str, choice: str) -> str:
    """``path`` with the extension of ``choice`` when it ends in another format's one
    (a name the user gave its own extension keeps it)."""
    stem, ext = os.path.splitext(path)
    if ext.lower() in EXTENSIONS.values() and ext.lower() != EXTENSIONS[choice]:
        return stem + EXTENSIONS[choice]
    return path


@dataclass(frozen=True)
class ExportDone:
    """What the dialog wrote, for the notification."""

    path: Path
    message: str


class ExportScreen(ModalScreen[ExportDone | None]):
    """Dismisses with what was written, or None when cancelled.

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
        remembered = load_state().get(STATE_KEY)
        remembered = remembered if isinstance(remembered, dict) else {}
        choice = remembered.get("format")
        self.choice = choice if choice in EXTENSIONS else "bibtex"
        last = remembered.get("path")
        last = last if isinstance(last, str) and last else None
        self.path: str = path or last or default_export_path(fmt=self.choice)
        self.gaps = export_gaps(papers)

    def compose(self) -> ComposeResult:
        n = len(self.papers)
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static(
                Text(f"Export {n} marked paper{'s' if n != 1 else ''}", style="bold"),
                classes="dialog-title",
            )
            if self.gaps:
                # Said before writing: such entries read "Anonymous (n.d.)" in a bibliography.
                lines = [
                    Text(line, no_wrap=True, overflow="ellipsis") for line in self.gaps.lines()
                ]
                yield Static(Text("\n").join(lines), id="export-gaps")
            yield Select(
                [(label, choice) for label, choice, _, _ in CHOICES],
                value=self.choice,
                allow_blank=False,
                id="export-format",
            )
            yield Static(Text("File (tab completes):"))
            yield PathInput(self.path, id="export-path", select_on_focus=False)
            yield Static(id="export-candidates", classes="path-candidates")
            yield FolderLabel(id="export-folder")
            yield CheckBox("Include abstracts", value=True, id="export-abstract", compact=True)
            yield Static(id="export-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons", id="export-buttons"):
                yield Button("Export", variant="primary", id="export-ok")
                yield Button("Cancel", id="export-cancel")
            with Vertical(id="export-replace"):
                yield Static(id="export-question")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(with_key("Replace", "y"), variant="warning", id="export-yes")
                    yield Button(with_key("Keep it", "n"), id="export-no")

    def on_mount(self) -> None:
        field = self.query_one("#export-path", PathInput)
        field.focus()
        field.cursor_position = len(field.value)

    def on_resize(self, event: events.Resize) -> None:
        # Below 30 rows the fields lose their borders so the buttons stay on screen.
        short = event.size.height < SHORT
        self.set_class(short, "-short")
        self.query_one("#export-format", Select).compact = short
        self.query_one("#export-path", PathInput).compact = short

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if not isinstance(event.value, str) or event.value == self.choice:
            return
        self.choice = event.value
        field = self.query_one("#export-path", PathInput)
        field.value = with_extension(field.value, self.choice)
        field.cursor_position = len(field.value)

    def on_path_input_candidates_listed(self, event: PathInput.CandidatesListed) -> None:
        show_candidates(self.query_one("#export-candidates", Static), event.candidates)

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

    def _remember(self, raw: str) -> None:
        state = load_state()  # read again: another part of the app may have saved since
        state[STATE_KEY] = {"path": raw, "format": self.choice}
        save_state(state)

    def export(self, force: bool = False) -> None:
        """Write the file; if it exists, ask first and write again with ``force``."""
        raw = self.query_one("#export-path", PathInput).value.strip()
        if not raw:
            self._error("Give a file name.")
            return
        path = Path(raw).expanduser()
        abstract = self.query_one("#export-abstract", CheckBox).value
        if self.choice == INTO:
            self._add_into(raw, path, abstract)
            return
        from paperscope.export import ExportTargetError, write_export

        try:
            written = write_export(
                self.papers,
                path,
                self.choice,
                abstract=abstract,
                force=force,
                key_scope=self.key_scope,
            )
        except FileExistsError:
            self._error("")
            self.query_one("#export-question", Static).update(
                # The question on a line of its own: a long path wraps above it.
                Text(f"{printable(str(path.resolve()))}\nalready exists. Replace it?")
            )
            self.set_class(True, "-asking")
            self.query_one("#export-no", Button).focus()
            return
        except (OSError, ValueError) as exc:
            why = exc if isinstance(exc, ExportTargetError) else None
            self._error(f"Cannot write {path}: {why or getattr(exc, 'strerror', None) or exc}")
            return
        self._remember(raw)
        n = len({p.id for p in self.papers})
        message = (
            f"Exported {n} paper{'s' if n != 1 else ''} ({NAMES[self.choice]}) "
            f"to {printable(str(written.resolve()))}"
        )
        self.dismiss(ExportDone(written, "\n".join([message, *self.gaps.lines()])))

    def _add_into(self, raw: str, path: Path, abstract: bool) -> None:
        """Append the papers the .bib lacks; everything in it stays byte for byte."""
        from paperscope.export import ExportTargetError, check_target
        from paperscope.export.into import IntoError, add_into

        try:
            check_target(Path(os.path.realpath(path)))
            report = add_into(path, self.papers, key_scope=self.key_scope, abstract=abstract)
        except (IntoError, ExportTargetError) as exc:
            self._error(str(exc))
            return
        except OSError as exc:
            self._error(f"Cannot write {path}: {exc.strerror or exc}")
            return
        self._remember(raw)
        self.dismiss(ExportDone(report.path, f"{printable(str(report.path))}: {report.summary()}"))
