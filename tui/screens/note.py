"""The paper's note: free multi-line text. Ctrl+S saves; Esc asks before dropping
what was typed (a note is never lost without saying so)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from paperscope.safe_text import printable

from .confirm import ConfirmScreen


class NoteScreen(ModalScreen[str | None]):
    """Dismisses with the note's new text ("" removes it), or None: left as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]

    def __init__(self, title: str, note: str | None) -> None:
        super().__init__(classes="dialog-screen")
        self.paper_title = title
        self.note = note or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="note-dialog"):
            yield Static(
                Text(f"Note on “{printable(self.paper_title, 60)}”", style="bold"),
                classes="dialog-title",
            )
            yield TextArea(self.note, id="note-text", soft_wrap=True, tab_behavior="indent")
            yield Static(
                Text("Ctrl+S saves · Esc closes (asks if changed) · empty removes the note"),
                id="note-hint",
            )

    def on_mount(self) -> None:
        area = self.query_one("#note-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @property
    def text(self) -> str:
        return self.query_one("#note-text", TextArea).text

    def action_save(self) -> None:
        self.dismiss(self.text if self.text != self.note else None)

    def action_close(self) -> None:
        if self.text == self.note:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        # Esc again (or n) goes back to the text: only a clear yes drops what was typed.
        self.app.push_screen(
            ConfirmScreen(
                "Discard the changes to the note? (Ctrl+S saves them)",
                yes="Discard",
                no="Keep editing",
            ),
            callback=answered,
        )
