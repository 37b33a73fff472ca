"""Author clusters with paper counts: page subjects first, then the most prolific."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message

from paperscope.authors import AuthorCluster
from paperscope.safe_text import printable
from paperscope.search import WordMatch, name_matcher, words

from .virtual_list import VirtualList, fit_marked

SUBJECT = "★"


class AuthorList(VirtualList):
    """Clusters in ranked order, narrowed by a filter text; enter chooses one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "choose",
            "Filter by author",
            tooltip="Show only this author's papers, with co-authors and years",
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "author-list--subject",
        "author-list--count",
        "author-list--chosen",
        "author-list--match",
    }

    @dataclass
    class AuthorChosen(Message):
        """Enter or a double click on ``cluster``."""

        author_list: AuthorList
        cluster: AuthorCluster

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(empty_text="No authors.", id=id, classes=classes)
        self.clusters: list[AuthorCluster] = []
        self.shown: list[AuthorCluster] = []
        self.filter_text = ""
        self._match = WordMatch()  # the filter's words, shown in the names
        self.chosen: str | None = None  # key of the author the paper list is filtered by

    @property
    def current(self) -> AuthorCluster | None:
        return self.shown[self.cursor] if self.shown else None

    def show(self, clusters: list[AuthorCluster]) -> None:
        """New clusters (ranked); the filter and the cursor's author are kept."""
        self.clusters = clusters
        self._apply(self.current.key if self.current else None)

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._apply(self.current.key if self.current else None)

    def _apply(self, keep: str | None) -> None:
        # the rule of au: and the palette: accents and case folded, words' starts
        matches = name_matcher(self.filter_text)
        if matches is not None:
            self.shown = [c for c in self.clusters if matches(c.name)]
        else:
            self.shown = list(self.clusters)
        self._match = WordMatch(prefixes=tuple(words(self.filter_text)))
        cursor = 0
        if keep is not None:
            cursor = next((i for i, c in enumerate(self.shown) if c.key == keep), 0)
        typed = self.filter_text.strip()
        self.empty_text = "No author matches the filter." if typed else "No authors yet."
        self.set_count(len(self.shown), cursor)

    def select_key(self, key: str) -> bool:
        """Put the cursor on cluster ``key``, clearing the filter if it hides it."""
        index = next((i for i, c in enumerate(self.shown) if c.key == key), None)
        if index is None and self.filter_text:
            self.filter_text = ""
            self._apply(key)
            index = next((i for i, c in enumerate(self.shown) if c.key == key), None)
        if index is None:
            return False
        self.move_cursor(index)
        return True

    def set_chosen(self, key: str | None) -> None:
        self.chosen = key
        self.refresh()

    # -- VirtualList hooks ------------------------------------------------------------

    def row_chosen(self, index: int) -> None:
        self.post_message(self.AuthorChosen(self, self.shown[index]))

    def render_row(self, index: int, width: int, base: Style) -> list[Segment]:
        cluster = self.shown[index]
        count = str(cluster.count)
        name_width = max(1, width - 3 - len(count) - 1)
        marker = "▸" if cluster.key == self.chosen else " "
        if cluster.key == self.chosen:
            base = base + self.overlay("author-list--chosen")
        count_style = base + self.overlay("author-list--count")
        name = printable(cluster.name)
        match = base + self.overlay("author-list--match")
        spans = self._match.spans(name) if self._match else ()
        return [
            Segment(marker, base),
            Segment(
                SUBJECT if cluster.is_subject else " ",
                base + self.overlay("author-list--subject"),
            ),
            Segment(" ", base),
            *(
                Segment(piece, match if hit else base)
                for piece, hit in fit_marked(name, name_width, spans)
            ),
            Segment(" ", base),
            Segment(count, count_style),
        ]
