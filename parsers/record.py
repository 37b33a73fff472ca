"""The record every parser returns: the contract between parsers, store, UI and export."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


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
    # The page gave a date without a year and the year came from the save date.
    year_inferred: bool = False
    # Feed pages: the title/first-author split may be wrong (another reading
    # scored nearly as well); the other readings, most likely first, each
    # {"title": ..., "authors": [...]}. Emitted by to_dict only when set.
    split_uncertain: bool = False
    split_alternatives: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if not self.split_uncertain:
            del out["split_uncertain"], out["split_alternatives"]
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
