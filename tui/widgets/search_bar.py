"""The search bar: live fuzzy search with field filters, the number of hits, and the
queries searched before (↑ ↓, kept between runs by the screen)."""

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

from ..wording import plural

PLACEHOLDER = "Search (/): words, au: ti: year:2021-2023 venue: cat: has:code src: is:marked"


class SearchBar(Horizontal):
    """Posts ``QueryChanged`` on every keystroke; the screen runs the search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "older", "Earlier search", show=False),
        Binding("down", "newer", "Later search, or to the list", show=False),
    ]

    @dataclass
    class QueryChanged(Message):
        search_bar: SearchBar
        text: str

    @dataclass
    class QuerySubmitted(Message):
        """Enter in the search field (or ↓ past the newest query): done typing."""

        search_bar: SearchBar
        text: str

    @dataclass
    class QueryRemembered(Message):
        """A query became the newest of the history (the screen keeps it for next time)."""

        search_bar: SearchBar
        text: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.history: list[str] = []  # oldest first
        self._walk: int | None = None  # the history entry shown while walking it
        self._draft = ""  # what was typed before walking the history

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

    def begin(self) -> None:
        """`/`: a new query, the last one selected, so that typing replaces it and an
        arrow key keeps it for editing."""
        field = self.input
        field.focus()
        field.select_all()

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
            label.update(Text(plural(hits, "hit")))

    # -- history ------------------------------------------------------------------------

    def remember(self, text: str | None = None) -> None:
        """Make ``text`` (the query in the field) the newest of the history."""
        text = (self.text if text is None else text).strip()
        self._walk = None
        if not text or (self.history and self.history[-1] == text):
            return
        self.history = [q for q in self.history if q != text] + [text]
        self.post_message(self.QueryRemembered(self, text))

    def _show(self, text: str) -> None:
        field = self.input
        field.value = text
        field.cursor_position = len(text)

    def action_older(self) -> None:
        if not self.history:
            return
        if self._walk is None:
            self._draft = self.text
            walk = len(self.history)
        else:
            walk = self._walk
        # skip what the field holds already: the first ↑ shows something new
        while walk > 0 and self.history[walk - 1] == self.text:
            walk -= 1
        if walk == 0:  # the oldest: it stays
            return
        self._walk = walk - 1
        self._show(self.history[self._walk])

    def action_newer(self) -> None:
        if self._walk is None:  # past the newest: back to the list, as enter
            self.remember()
            self.post_message(self.QuerySubmitted(self, self.text))
            return
        self._walk += 1
        if self._walk >= len(self.history):
            self._walk = None
            self._show(self._draft)
        else:
            self._show(self.history[self._walk])

    # -- events -------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._walk is not None and self.text != self.history[self._walk]:
            self._walk = None  # typed over an old query: a new one, to be remembered
        self.post_message(self.QueryChanged(self, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.remember(event.value)
        self.post_message(self.QuerySubmitted(self, event.value))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """Leaving the field (escape, tab, a click elsewhere) keeps the query too."""
        event.stop()
        self.remember(event.value)
