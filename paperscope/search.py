"""Search: field filters plus typo-tolerant free text, titles ranked over abstracts.

Query language: free words, and filters ``au:``, ``ti:``, ``year:2023``,
``year:2021-2023``, ``venue:``, ``cat:``, ``has:code``/``has:abstract``/
``has:link``, ``is:marked``, ``src:`` (a format or a file name). Values with
spaces go in quotes: ``au:"van der maaten"``. Filters are ANDed.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from .authors import display_name
from .records import LibraryPaper

_FIELD_RE = re.compile(r"^(au|author|ti|title|year|y|venue|v|cat|category|has|is|src|source):(.*)$",
                       re.IGNORECASE)
_ALIASES = {"author": "au", "title": "ti", "y": "year", "v": "venue", "category": "cat",
            "source": "src"}
# Below this (0-100) a title does not count as matching the free text.
TITLE_CUTOFF = 72.0


@dataclass(slots=True)
class Query:
    text: str = ""
    authors: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    venues: list[str] = field(default_factory=list)
    cats: list[str] = field(default_factory=list)
    has: list[str] = field(default_factory=list)
    is_: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def has_filters(self) -> bool:
        return bool(self.authors or self.titles or self.years or self.venues or self.cats
                    or self.has or self.is_ or self.sources)


def parse_query(text: str) -> Query:
    """Split a query into filters and free text; bad filters are reported, not raised."""
    query = Query()
    try:
        tokens = shlex.split(text)
    except ValueError:  # an unbalanced quote while typing
        tokens = text.replace('"', " ").replace("'", " ").split()
    free: list[str] = []
    for tok in tokens:
        m = _FIELD_RE.match(tok)
        if not m:
            free.append(tok)
            continue
        name = _ALIASES.get(m[1].lower(), m[1].lower())
        value = m[2].strip().casefold()
        if not value:
            continue
        if name == "year":
            ym = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4})?)?|-(\d{4})", value)
            if not ym:
                query.errors.append(f"year:{value} is not a year or range (year:2021-2023)")
                continue
            if ym[3]:
                lo, hi = 0, int(ym[3])
            else:
                lo = int(ym[1])
                hi = int(ym[2]) if ym[2] else (9999 if "-" in value else lo)
            query.years = (min(lo, hi), max(lo, hi))
        elif name == "au":
            query.authors.append(value)
        elif name == "ti":
            query.titles.append(value)
        elif name == "venue":
            query.venues.append(value)
        elif name == "cat":
            query.cats.append(value)
        elif name == "has":
            query.has.append(value)
        elif name == "is":
            query.is_.append(value)
        elif name == "src":
            query.sources.append(value)
    query.text = " ".join(free)
    return query


@dataclass(slots=True)
class Hit:
    paper: LibraryPaper
    score: float
    where: str  # "title", "abstract", "author" or "filter"


class SearchIndex:
    """Lower-cased fields of every paper, built once per library version."""

    def __init__(self, papers: list[LibraryPaper]) -> None:
        self.papers = papers
        self.titles = [utils.default_process(p.title) for p in papers]
        self.authors = [
            " ; ".join(display_name(a).casefold() for a in p.authors) for p in papers
        ]
        self.abstracts = [(p.abstract or "").casefold() for p in papers]
        self.venues = [
            " ".join(x for x in (p.venue, p.venue_type, p.pub_type) if x).casefold()
            for p in papers
        ]
        self.sources = [
            " ".join(f"{s.format} {s.name} {s.subject or ''}".casefold() for s in p.sources)
            for p in papers
        ]

    def _passes(self, i: int, q: Query) -> bool:
        p = self.papers[i]
        if q.years and not (p.year and q.years[0] <= p.year <= q.years[1]):
            return False
        if any(a not in self.authors[i] for a in q.authors):
            return False
        if any(t not in self.titles[i] and t not in p.title.casefold() for t in q.titles):
            return False
        if any(v not in self.venues[i] for v in q.venues):
            return False
        if any(c != (p.category or "").casefold() and not (p.category or "").casefold()
               .startswith(c) for c in q.cats):
            return False
        if any(s not in self.sources[i] for s in q.sources):
            return False
        for h in q.has:
            if h == "code" and not p.has_code:
                return False
            if h == "abstract" and not p.abstract:
                return False
            if h in ("link", "links", "url") and not p.links:
                return False
        return not ("marked" in q.is_ or "mark" in q.is_) or p.marked

    def search(self, text: str | Query, limit: int | None = None) -> list[Hit]:
        q = parse_query(text) if isinstance(text, str) else text
        candidates = [i for i in range(len(self.papers)) if self._passes(i, q)]
        words = utils.default_process(q.text)
        if not words:
            return [Hit(self.papers[i], 0.0, "filter") for i in candidates][:limit]
        hits: dict[int, Hit] = {}
        choices = {i: self.titles[i] for i in candidates}
        for title, score, i in process.extract(
            words, choices, scorer=fuzz.WRatio, processor=None,
            score_cutoff=TITLE_CUTOFF, limit=None,
        ):
            hits[i] = Hit(self.papers[i], 100.0 + score, "title")
        terms = words.split()
        for i in candidates:
            if i in hits:
                continue
            if all(t in self.authors[i] for t in terms):
                hits[i] = Hit(self.papers[i], 90.0, "author")
            elif len(words) >= 3 and all(t in self.abstracts[i] for t in terms):
                hits[i] = Hit(self.papers[i], 50.0 + min(len(terms), 10), "abstract")
        ranked = sorted(hits.values(), key=lambda h: (-h.score, h.paper.title.casefold()))
        return ranked[:limit] if limit else ranked
