"""The chosen author's co-authors with the number of papers written together."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message

from paperscope.browse import Coauthor
from paperscope.safe_text import printable

from .virtual_list import VirtualList, fit


class CoauthorList(VirtualList):
    """Co-authors, most papers together first; enter jumps to that author."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "choose",
            "Go to co-author",
            tooltip="Jump to this co-author's cluster and papers",
        ),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"coauthor-list--count"}

    @dataclass
    class CoauthorChosen(Message):
        """Enter or a double click on ``coauthor``."""

        coauthor_list: CoauthorList
        coauthor: Coauthor

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(empty_text="No co-authors.", id=id, classes=classes)
        self.coauthors: list[Coauthor] = []

    def show(self, coauthors: list[Coauthor]) -> None:
        self.coauthors = coauthors
        self.set_count(len(coauthors))

    def row_chosen(self, index: int) -> None:
        self.post_message(self.CoauthorChosen(self, self.coauthors[index]))

    def render_row(self, index: int, width: int, base: Style) -> list[Segment]:
        co = self.coauthors[index]
        count = str(co.papers)
        return [
            Segment(" ", base),
            Segment(fit(printable(co.name), max(1, width - len(count) - 2)), base),
            Segment(" ", base),
            Segment(count, base + self.overlay("coauthor-list--count")),
        ]
