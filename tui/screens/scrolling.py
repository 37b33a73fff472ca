"""A modal dialog of read-only text: a title, a body that scrolls, a hint line."""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# After each dialog's own keys to close it (the order its footer shows).
SCROLL_KEYS: list[BindingType] = [
    Binding("j", "scroll(1)", "Scroll down", show=False),
    Binding("k", "scroll(-1)", "Scroll up", show=False),
]


class ScrollingDialog(ModalScreen[None]):
    """``NAME`` names the parts for the stylesheet (``NAME-dialog``, ``-scroll``,
    ``-body``, ``-hint``); ``HEADING`` and ``HINT`` are the fixed lines, ``body()``
    what scrolls."""

    NAME: ClassVar[str]
    HEADING: ClassVar[str]
    HINT: ClassVar[str]

    def body(self) -> RenderableType:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(id=f"{self.NAME}-dialog", classes="dialog"):
            yield Static(Text(self.HEADING, style="bold"), classes="dialog-title")
            with VerticalScroll(id=f"{self.NAME}-scroll"):
                yield Static(self.body(), id=f"{self.NAME}-body")
            yield Static(Text(self.HINT), id=f"{self.NAME}-hint")

    def on_mount(self) -> None:
        self.query_one(f"#{self.NAME}-scroll").focus()

    def action_scroll(self, rows: int) -> None:
        self.query_one(f"#{self.NAME}-scroll").scroll_relative(y=rows, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
