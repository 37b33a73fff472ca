"""The search bar: live fuzzy search with field filters, and the number of hits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Static

PLACEHOLDER = "Search (/): words, au: ti: year:2021-2023 venue: cat: has:code src: is:marked"


class SearchBar(Horizontal):
    """Posts ``QueryChanged`` on every keystroke; the screen runs the search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "leave", "To the list", show=False),
    ]

    @dataclass
    class QueryChanged(Message):
        search_bar: SearchBar
        text: str

    @dataclass
    class QuerySubmitted(Message):
        """Enter in the search field: the user is done typing."""

        search_bar: SearchBar
        text: str

    def compose(self) -> ComposeResult:
        yield Label("/", id="search-prompt")
        yield Input(placeholder=PLACEHOLDER, id="search-input", compact=True, select_on_focus=False)
        yield Static(id="search-hits")

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    @property
    def text(self) -> str:
        return self.input.value

    def clear(self) -> None:
        self.input.value = ""

    def show_result(self, hits: int | None, errors: Sequence[str] = (), busy: bool = False) -> None:
        """The hit count (None: no search), or why a filter was ignored."""
        label = self.query_one("#search-hits", Static)
        if errors:
            label.update(Text(errors[0], style="bold"))
            self.set_class(True, "-error")
            return
        self.set_class(False, "-error")
        if hits is None:
            label.update(Text("searching…" if busy else ""))
        else:
            label.update(Text(f"{hits} hit{'s' if hits != 1 else ''}"))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(self, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.QuerySubmitted(self, event.value))

    def action_leave(self) -> None:
        self.post_message(self.QuerySubmitted(self, self.text))
