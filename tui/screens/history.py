"""The library's changes, newest first: what ``paperscope history`` prints, in the app."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HistoryScreen(ModalScreen[None]):
    """One line per change kept (number, time, what; undone ones say so)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,H", "close", "Close"),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, lines: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.lines = lines

    def compose(self) -> ComposeResult:
        # Text, not markup: a change names papers, whose titles come from pages.
        body = Text("\n".join(reversed(self.lines)) if self.lines else "No changes yet.")
        with Vertical(id="history-dialog", classes="dialog"):
            yield Static(
                Text("Changes to the library, newest first", style="bold"),
                classes="dialog-title",
            )
            with VerticalScroll(id="history-scroll"):
                yield Static(body, id="history-body")
            yield Static(
                Text("Ctrl+Z undoes, Ctrl+Y redoes · Esc, q or H closes"),
                id="history-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#history-scroll").focus()

    def action_scroll(self, rows: int) -> None:
        self.query_one("#history-scroll").scroll_relative(y=rows, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
