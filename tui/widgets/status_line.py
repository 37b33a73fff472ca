"""One line under the panes: what is shown, how it is sorted, and the mark count."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from paperscope.safe_text import printable

from ..wording import plural


@dataclass(slots=True)
class Status:
    shown: int = 0
    total: int = 0
    marked: int = 0
    sort: str = "year ↓"
    author: str | None = None
    query: str = ""
    hits: int | None = None
    busy: list[str] = field(default_factory=list)  # work in progress, e.g. "saving marks"


class StatusLine(Widget):
    """Renders a :class:`Status`; the screen replaces it with :meth:`show`."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.status = Status()

    def show(self, status: Status) -> None:
        self.status = status
        self.refresh()

    def render(self) -> Table:
        s = self.status
        left = Text()
        papers = plural(s.total, "paper")
        left.append(f"{s.shown} of {papers}" if s.shown != s.total else papers)
        if s.author:
            left.append(" · author: ")
            left.append(printable(s.author), style="bold")
        if s.query:
            left.append(" · search: ")
            left.append(printable(s.query), style="bold")
            if s.hits is not None:
                left.append(f" ({plural(s.hits, 'hit')})")
        left.append(f" · sort: {s.sort}")
        for job in s.busy:
            left.append(f" · {job}…", style="italic")
        right = Text()
        right.append(f"● {s.marked} marked", style="bold" if s.marked else "")
        grid = Table.grid(expand=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(justify="right", no_wrap=True)
        grid.add_row(left, right)
        return grid
