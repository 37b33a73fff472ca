"""Library records: one merged paper with every page it was seen on.

Widgets, export and the command line get these dataclasses, never TinyDB
documents; ``paperscope.library.converters`` is the only place that converts between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from parsers.record import OPTIONAL_FIELDS, Paper

# The merged view is the parser contract's record: one list of fields, the parser's —
# less the identifiers only a BibTeX entry gives (key, DOI, arXiv id…), which stay in
# the sources' records until the view learns how to merge them.
VIEW_FIELDS = tuple(f.name for f in fields(Paper) if f.name not in OPTIONAL_FIELDS)


@dataclass(slots=True)
class Source:
    """One sighting of a paper: which page, where on it, and what it said."""

    file: str  # path the page was imported from
    sha256: str  # content hash of the page file
    format: str
    subject: str | None  # the page's person (author-cluster pages), if any
    page_key: str  # identity of the page across re-saves
    position: int  # 1-based position on the page
    imported_at: str  # ISO 8601, UTC
    record: dict[str, Any]  # the parser's record for this paper on this page
    # The paper existed by this day (ISO): the page's own date (trending pages) or the
    # day the page was saved. An honest upper bound when no page gives a year.
    seen: str | None = None

    @property
    def name(self) -> str:
        return self.file.replace("\\", "/").rsplit("/", 1)[-1]

    def paper(self) -> Paper:
        return Paper.from_dict(self.record)


@dataclass(slots=True)
class LibraryPaper:
    """The merged view of one paper plus its sources and the user's mark."""

    id: str
    title: str
    authors: list[str] = field(default_factory=list)
    authors_truncated: bool = False
    affiliations: list[str] = field(default_factory=list)
    venue: str | None = None
    venue_type: str | None = None
    pub_type: str | None = None
    year: int | None = None
    date: str | None = None
    category: str | None = None
    score: float | None = None
    has_code: bool | None = None
    abstract: str | None = None
    links: list[str] = field(default_factory=list)
    year_inferred: bool = False
    sources: list[Source] = field(default_factory=list)
    marked: bool = False
    added_at: str = ""

    @property
    def first_author(self) -> str | None:
        return self.authors[0] if self.authors else None

    @property
    def seen_by(self) -> str | None:
        """Earliest day any page showed this paper (ISO), if known."""
        days = [s.seen for s in self.sources if s.seen]
        return min(days) if days else None

    @property
    def venue_or_category(self) -> str:
        return self.venue or self.category or ""

    def view(self) -> dict[str, Any]:
        """The merged record in the parser contract's shape."""
        return {name: getattr(self, name) for name in VIEW_FIELDS}
