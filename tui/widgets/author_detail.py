"""The chosen author: paper count, a year histogram and the co-authors to jump to."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Sparkline, Static

from paperscope.authors import AuthorCluster
from paperscope.browse import Coauthor
from paperscope.safe_text import printable

from ..wording import plural
from .coauthor_list import CoauthorList

HINT = "Choose an author (enter) to see the years and co-authors."


def people_line(cluster: AuthorCluster) -> str:
    """Who the name stands for: one DBLP person, or how many people the cluster holds."""
    people = cluster.people
    if len(people) == 1:
        number = people[0][0]
        return f"\nDBLP {number}" if number else ""
    # papers each, the DBLP-numbered people first: "2 people: DBLP 0075 (1), no number (9)"
    each = ", ".join(
        f"{f'DBLP {number}' if number else 'no number'} ({n})"
        for number, n in sorted(people, key=lambda person: not person[0])
    )
    return f"\n{plural(len(people), 'person', 'people')}: {each}"


def year_series(cluster: AuthorCluster) -> tuple[int, int, list[int]]:
    """First year, last year, and papers per year in between (zeros included)."""
    if not cluster.years:
        return 0, 0, []
    first, last = min(cluster.years), max(cluster.years)
    return first, last, [cluster.years.get(y, 0) for y in range(first, last + 1)]


class AuthorDetail(Vertical):
    """Shows one ``AuthorCluster``; the screen sets it with :meth:`show`."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.cluster: AuthorCluster | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(HINT), id="author-summary")
        yield Sparkline([], id="author-years")
        yield Static(id="author-axis")
        yield Static(id="coauthors-title")
        yield CoauthorList(id="coauthor-list")

    def on_mount(self) -> None:
        self.set_class(True, "-empty")

    def show(self, cluster: AuthorCluster | None, coauthors: list[Coauthor]) -> None:
        self.cluster = cluster
        self.set_class(cluster is None, "-empty")
        summary = self.query_one("#author-summary", Static)
        coauthor_list = self.query_one(CoauthorList)
        if cluster is None:
            summary.update(Text(HINT))
            coauthor_list.show([])
            return
        first, last, series = year_series(cluster)
        text = Text()
        text.append(printable(cluster.name), style="bold")
        if cluster.is_subject:
            text.append(" ★")
        text.append(f"\n{plural(cluster.count, 'paper')}")
        if first:
            text.append(f", {first}–{last}" if last != first else f", {first}")
        if series:
            peak = max(series)
            text.append(f"\nmost in {first + series.index(peak)} ({peak})")
        text.append(people_line(cluster))
        summary.update(text)
        self.query_one("#author-years", Sparkline).data = series or [0]
        axis = Table.grid(expand=True)
        axis.add_column(justify="left")
        axis.add_column(justify="right")
        if series:
            axis.add_row(str(first), str(last) if last != first else "")
        self.query_one("#author-axis", Static).update(axis)
        self.query_one("#coauthors-title", Static).update(
            Text(f"Co-authors ({len(coauthors)})", style="bold")
        )
        coauthor_list.show(coauthors)
