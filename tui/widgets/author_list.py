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

from .virtual_list import VirtualList, fit

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
        needle = self.filter_text.strip().casefold()
        if needle:
            self.shown = [
                c for c in self.clusters if needle in c.key or needle in c.name.casefold()
            ]
        else:
            self.shown = list(self.clusters)
        cursor = 0
        if keep is not None:
            cursor = next((i for i, c in enumerate(self.shown) if c.key == keep), 0)
        self.empty_text = "No author matches the filter." if needle else "No authors yet."
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
            base = base + self.get_component_rich_style("author-list--chosen")
        count_style = base + self.get_component_rich_style("author-list--count")
        return [
            Segment(marker, base),
            Segment(
                SUBJECT if cluster.is_subject else " ",
                base + self.get_component_rich_style("author-list--subject"),
            ),
            Segment(" ", base),
            Segment(fit(printable(cluster.name), name_width), base),
            Segment(" ", base),
            Segment(count, count_style),
        ]
