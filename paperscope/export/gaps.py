"""What an export cannot say about a paper: no authors, no year (a trending page gives
neither). Counted and named before and after every export, in the CLI and the app,
so a bibliography with "Anonymous (n.d.)" entries is never a surprise."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..records import LibraryPaper
from ..safe_text import printable

NAMED = 3  # titles named per line; the rest are counted
TITLE_WIDTH = 60  # characters of each title shown


@dataclass(slots=True)
class Gaps:
    """Titles of the papers (each once) that have no authors, and no year."""

    no_authors: list[str] = field(default_factory=list)
    no_year: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.no_authors or self.no_year)

    def lines(self, named: int = NAMED) -> list[str]:
        """``2 papers have no authors: "Title A", "Title B"`` — one line per gap."""
        return [
            _line(titles, what, named)
            for titles, what in ((self.no_authors, "authors"), (self.no_year, "year"))
            if titles
        ]


def _line(titles: list[str], what: str, named: int) -> str:
    n = len(titles)
    shown = ", ".join(f'"{printable(t, TITLE_WIDTH)}"' for t in titles[:named])
    more = f" and {n - named} more" if n > named else ""
    verb = "papers have" if n != 1 else "paper has"
    return f"{n} {verb} no {what}: {shown}{more}"


def export_gaps(papers: Iterable[LibraryPaper]) -> Gaps:
    """The gaps of ``papers`` in their order, each paper counted once."""
    gaps = Gaps()
    seen: set[str] = set()
    for p in papers:
        if p.id in seen:
            continue
        seen.add(p.id)
        if not p.authors:
            gaps.no_authors.append(p.title)
        if p.year is None:
            gaps.no_year.append(p.title)
    return gaps
