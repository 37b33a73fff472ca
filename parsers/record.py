"""The record every parser returns: the contract between parsers, store, UI and export."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

# Paper fields a record holds only where the page says them (``to_dict`` leaves
# them out while unset), so other pages' records keep their shape: what only some
# page formats print, and the identifiers only a BibTeX entry gives.
PAGE_OPTIONAL_FIELDS = (
    "authors_inferred",
    "authors_count",
    "organization",
    "submitted_by",
    "upvotes",
    "comments",
)
BIB_FIELDS = ("key", "doi", "arxiv_id", "url", "entry_type")
SPLIT_FIELDS = ("split_uncertain", "split_alternatives")
OPTIONAL_FIELDS = (*PAGE_OPTIONAL_FIELDS, *BIB_FIELDS, *SPLIT_FIELDS)


@dataclass(slots=True)
class Paper:
    """One paper as a page states it; ``None`` where the page does not say."""

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
    # An author-cluster paper listed without author lines is by the page's
    # subject: ``authors`` is then [subject], a reading, not what the page printed.
    authors_inferred: bool = False
    # What a trending page (Hugging Face) prints around a paper: how many
    # authors it has (not their names), the organisation it is filed under,
    # who submitted it, its upvotes and comments on the day the page was saved.
    authors_count: int | None = None
    organization: str | None = None
    submitted_by: str | None = None
    upvotes: int | None = None
    comments: int | None = None
    # The page gave a date without a year and the year came from the save date.
    year_inferred: bool = False
    # What a BibTeX entry says and a listing page never does; left out of
    # ``to_dict`` while unset, so page records keep their shape.
    key: str | None = None  # the entry's citation key, as the file has it
    doi: str | None = None
    arxiv_id: str | None = None
    url: str | None = None
    entry_type: str | None = None  # "article", "inproceedings", ... in lower case
    # Feed pages: the title/first-author split may be wrong (another reading
    # scored nearly as well); the other readings, most likely first, each
    # {"title": ..., "authors": [...]}. Emitted by to_dict only when set.
    split_uncertain: bool = False
    split_alternatives: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for name in OPTIONAL_FIELDS:
            if out[name] is None or out[name] is False or out[name] == []:
                del out[name]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(slots=True)
class ParseResult:
    """What a parser made of one page. ``error`` set means the page was refused."""

    format: str | None
    header: dict[str, Any] = field(default_factory=dict)
    papers: list[Paper] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": self.format,
            "header": self.header,
            "papers": [p.to_dict() for p in self.papers],
            "warnings": list(self.warnings),
        }
        if self.error is not None:
            out["error"] = self.error
        return out
