"""The library's changes, newest first: what ``paperscope history`` prints, in the app."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType

from .scrolling import SCROLL_KEYS, ScrollingDialog


class HistoryScreen(ScrollingDialog):
    """One line per change kept (number, time, what; undone ones say so)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,H", "close", "Close"), *SCROLL_KEYS]
    NAME = "history"
    HEADING = "Changes to the library, newest first"
    HINT = "Ctrl+Z undoes, Ctrl+Y redoes · Esc, q or H closes"

    def __init__(self, lines: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.lines = lines

    def body(self) -> RenderableType:
        # Text, not markup: a change names papers, whose titles come from pages.
        return Text("\n".join(reversed(self.lines)) if self.lines else "No changes yet.")
