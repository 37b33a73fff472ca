"""What every format says about a paper, decided once: kind, key, venue, dates, links.

Formats only spell these facts; so a paper is a conference paper with the
same key and month in BibTeX, CSL-JSON, RIS and Markdown alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain

from ..records import LibraryPaper
from .keys import citation_keys
from .latex import clean
from .persons import PersonName, split_name
from .venues import arxiv_class, arxiv_id, code_link, venue_name

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(slots=True)
class Entry:
    key: str
    paper: LibraryPaper
    kind: str  # "conference", "journal" or "preprint"
    title: str
    authors: list[PersonName] = field(default_factory=list)
    truncated: bool = False
    container: str | None = None  # full venue name with its abbreviation
    venue: str | None = None  # the venue as the page printed it
    year: int | None = None
    month: int | None = None
    day: int | None = None
    # No page gives a year: the paper existed by this day (ISO), an honest upper bound.
    seen_by: str | None = None
    arxiv: str | None = None
    arxiv_class: str | None = None
    url: str | None = None
    code: str | None = None
    abstract: str | None = None


def _kind(paper: LibraryPaper) -> str:
    if paper.venue and (paper.venue_type == "Journal" or paper.pub_type == "Journal Article"):
        return "journal"
    if paper.venue and (paper.venue_type in ("Conference", "Workshop") or paper.pub_type):
        return "conference"
    return "preprint"


def _date_parts(paper: LibraryPaper) -> tuple[int | None, int | None]:
    """Month and day, only when the date is in the paper's year (a venue year wins)."""
    if not paper.date or not paper.year:
        return None, None
    try:
        year, month, day = map(int, paper.date[:10].split("-"))
    except ValueError:
        return None, None
    if year != paper.year or not 1 <= month <= 12:
        return None, None
    return month, day


def make_entry(paper: LibraryPaper, key: str, *, abstract: bool) -> Entry:
    arxiv = arxiv_id(paper)
    month, day = _date_parts(paper)
    kind = _kind(paper)
    # A link holding spaces, controls or invisible characters is not one to follow.
    links = [link for link in paper.links if link and link == clean(link)]
    venue = clean(paper.venue) or None
    return Entry(
        key=key,
        paper=paper,
        kind=kind,
        title=clean(paper.title),
        authors=[n for n in map(split_name, paper.authors) if n.family],
        truncated=paper.authors_truncated,
        container=venue_name(venue) if kind != "preprint" and venue else None,
        venue=venue,
        year=paper.year,
        month=month,
        day=day,
        seen_by=None if paper.year else paper.seen_by,
        arxiv=arxiv,
        arxiv_class=arxiv_class(paper.category),
        url=f"https://arxiv.org/abs/{arxiv}" if arxiv else (links[0] if links else None),
        code=code_link(links),
        abstract=(clean(paper.abstract) or None) if abstract else None,
    )


class Entries:
    """The entries of a selection in key order, each made when it is read.

    Formats write entries one after another, so only one paper's cleaned text is
    held at a time rather than all of them (10,000 abstracts are tens of MB).
    """

    def __init__(self, papers: list[LibraryPaper], keys: dict[str, str], *, abstract: bool):
        # Ids are unique here, so (key, id) orders papers as it orders their entries.
        self._papers = sorted(papers, key=lambda p: (keys[p.id], p.id))
        self._keys = keys
        self._abstract = abstract

    def __len__(self) -> int:
        return len(self._papers)

    def __iter__(self) -> Iterator[Entry]:
        for paper in self._papers:
            yield make_entry(paper, self._keys[paper.id], abstract=self._abstract)


def entry_stream(
    papers: list[LibraryPaper], *, abstract: bool, key_scope: list[LibraryPaper] | None = None
) -> Entries:
    """One entry per distinct paper, sorted by citation key (so output is byte-stable)."""
    unique = list({p.id: p for p in papers}.values())
    keys = citation_keys(chain(unique, key_scope or ()))
    return Entries(unique, keys, abstract=abstract)


def make_entries(
    papers: list[LibraryPaper], *, abstract: bool, key_scope: list[LibraryPaper] | None = None
) -> list[Entry]:
    """:func:`entry_stream` as a list."""
    return list(entry_stream(papers, abstract=abstract, key_scope=key_scope))
