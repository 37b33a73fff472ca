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


STATUSES = ("to-read", "reading", "read")
# The fields a user may correct (a chosen title/author split is a title and authors).
CORRECTABLE = ("title", "authors", "year", "venue")


@dataclass(frozen=True, slots=True)
class UserLayer:
    """What the user said about a paper, kept apart from what its sources say: an
    import never changes it. Frozen: a change is a new layer, so the one before is
    what undo puts back."""

    key: str | None = None  # the citation key, pinned (it has left the app, or was set)
    tags: tuple[str, ...] = ()
    status: str | None = None  # one of STATUSES
    note: str | None = None
    # field -> the user's value, over the sources' merged view (see apply_corrections)
    corrections: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.key or self.tags or self.status or self.note or self.corrections)

    def to_doc(self) -> dict[str, Any]:
        """The stored form: only what is set (an empty layer is no ``user`` at all)."""
        doc: dict[str, Any] = {}
        if self.key:
            doc["key"] = self.key
        if self.tags:
            doc["tags"] = list(self.tags)
        if self.status:
            doc["status"] = self.status
        if self.note:
            doc["note"] = self.note
        if self.corrections:
            doc["corrections"] = dict(self.corrections)
        return doc

    @classmethod
    def from_doc(cls, doc: Any) -> UserLayer | None:
        if not isinstance(doc, dict) or not doc:
            return None
        status = doc.get("status")
        corrections = doc.get("corrections")
        layer = cls(
            key=doc.get("key") or None,
            tags=tuple(t for t in doc.get("tags") or () if isinstance(t, str)),
            status=status if status in STATUSES else None,
            note=doc.get("note") or None,
            corrections={k: v for k, v in corrections.items() if k in CORRECTABLE}
            if isinstance(corrections, dict)
            else {},
        )
        return layer or None


NO_LAYER = UserLayer()


@dataclass(slots=True)
class LibraryPaper:
    """The merged view of one paper (with the user's corrections over it), its
    sources, the user's mark and the user's layer."""

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
    added_at: str = ""  # the stamp of the import that added it (one per import: its batch)
    user: UserLayer | None = None  # None: nothing said (most papers; saves memory)

    @property
    def layer(self) -> UserLayer:
        return self.user or NO_LAYER

    @property
    def corrected(self) -> tuple[str, ...]:
        """The fields the user corrected (shown as such)."""
        return tuple(self.user.corrections) if self.user else ()

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


def apply_corrections(paper: LibraryPaper, view: dict[str, Any]) -> None:
    """Set the paper's view: the sources' merged ``view`` with the user's corrections
    over it. The one place corrections apply, so search, list, export and the app see
    the corrected fields without knowing."""
    for name, value in view.items():
        setattr(paper, name, value)
    corrections = paper.user.corrections if paper.user else {}
    for name, value in corrections.items():
        setattr(paper, name, list(value) if name == "authors" else value)
    if "authors" in corrections:
        paper.authors_truncated = False  # the user wrote the whole list
    if "year" in corrections:
        paper.year_inferred = False
