"""Which of a paper's links to open: a short list, picked with enter, a digit or a click."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paperscope.safe_text import printable

TITLE_TEXT = 200  # characters of the paper's title shown at most


def numbered(n: int, link: str) -> Table:
    """``n`` beside ``link``, a long link folded under itself (never under the number)."""
    row = Table.grid(padding=(0, 1))
    row.add_column(width=len(str(n)) + 1, no_wrap=True)
    row.add_column(ratio=1, overflow="fold")
    row.add_row(Text(str(n)), Text(printable(link)))
    return row


class LinkScreen(ModalScreen[str | None]):
    """Dismisses with the chosen link, or None (escape). Links are page data: shown as
    plain text, made printable."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Cancel"),
        *(Binding(str(n), f"pick({n})", f"Link {n}", show=False) for n in range(1, 10)),
    ]

    def __init__(self, title: str, links: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.paper_title = title
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="links-dialog"):
            yield Static(
                Text(f"Open which link of “{printable(self.paper_title, TITLE_TEXT)}”?"),
                classes="dialog-title",
            )
            yield OptionList(
                *(Option(numbered(n, link)) for n, link in enumerate(self.links, start=1)),
                id="links-list",
            )
            yield Static(Text("Enter or 1–9 opens · Esc cancels"), id="links-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.links[event.option_index])

    def action_pick(self, n: int) -> None:
        if 1 <= n <= len(self.links):
            self.dismiss(self.links[n - 1])

    def action_cancel(self) -> None:
        self.dismiss(None)
