"""Add and remove a paper's tags in one line: ``+name -name`` (a bare name adds)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from paperscope.safe_text import printable


def parse_tag_words(text: str) -> tuple[list[str], list[str]]:
    """``"+later -old new"`` -> (["later", "new"], ["old"])."""
    add: list[str] = []
    drop: list[str] = []
    for word in text.split():
        if word.startswith("-") and len(word) > 1:
            drop.append(word[1:])
        else:
            word = word[1:] if word.startswith("+") else word
            if word:
                add.append(word)
    return add, drop


class TagScreen(ModalScreen[tuple[list[str], list[str]] | None]):
    """Dismisses with (add, drop), or None when cancelled or nothing was typed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        tags: tuple[str, ...],
        *,
        counts: dict[str, int] | None = None,
        group: bool = False,
    ) -> None:
        """``title`` is the paper's, or with ``group`` what the papers are ("3 marked
        papers"); ``counts`` says how many of them carry each tag."""
        super().__init__(classes="dialog-screen")
        self.paper_title = title
        self.tags = tags
        self.counts = counts or {}
        self.group = group

    def compose(self) -> ComposeResult:
        now = (
            " ".join(
                f"#{t}" + (f" ({self.counts[t]})" if t in self.counts else "") for t in self.tags
            )
            or "none yet"
        )
        heading = (
            f"Tags of {self.paper_title}"
            if self.group
            else f"Tags of “{printable(self.paper_title, 60)}”"
        )
        with Vertical(classes="dialog", id="tag-dialog"):
            yield Static(Text(heading, style="bold"), classes="dialog-title")
            yield Static(Text(f"Now: {printable(now)}"), id="tag-now")
            yield Input(placeholder="+name adds, -name removes", id="tag-input")
            yield Static(Text("Enter saves · Esc cancels"), id="tag-hint")

    def on_mount(self) -> None:
        self.query_one("#tag-input", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        add, drop = parse_tag_words(event.value)
        self.dismiss((add, drop) if add or drop else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
