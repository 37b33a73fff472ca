"""The query language: filters and free words, parsed once per keystroke."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

_FIELD_RE = re.compile(
    r"^(au|author|ti|title|year|y|venue|v|cat|category|has|is|src|source):(.*)$", re.IGNORECASE
)
_ALIASES = {
    "author": "au",
    "title": "ti",
    "y": "year",
    "v": "venue",
    "category": "cat",
    "source": "src",
}
# Query words that say nothing about a paper: they neither filter nor score.
STOPWORDS = frozenset(
    "a an and are as at by for from in into is of on or the to toward towards via with".split()
)


def typo_budget(term: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) a word may be off by."""
    if len(term) < 4 or term.isdigit():
        return 0
    return 1 if len(term) <= 6 else 2


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
        return bool(
            self.authors
            or self.titles
            or self.years
            or self.venues
            or self.cats
            or self.has
            or self.is_
            or self.sources
        )


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
