"""The query language: filters and free words, parsed once per keystroke."""

from __future__ import annotations

import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Anything shaped like ``name:value`` is a filter attempt: a known name is read, an
# unknown one is an error (a typo must never quietly match everything). ``http://…``
# and a colon at a word's end (``Mixtral: of experts``) are text.
_FIELD_RE = re.compile(r"^([^\W\d_][\w-]{0,15}):(?!//)(.*)$")
FIELDS = ("au", "ti", "year", "venue", "cat", "has", "is", "src", "tag", "id")
# The values a closed filter takes (other spellings that mean the same on the right).
VALUES: dict[str, tuple[str, ...]] = {
    "has": ("code", "abstract", "link", "note"),
    "is": ("marked", "unsure", "to-read", "reading", "read", "new", "edited"),
}
# The values read from the user's layer and marks: they change without a new index,
# so they are read at each search (see ``SearchIndex._filter``).
LIVE_IS = frozenset(("marked", "to-read", "reading", "read", "new", "edited"))
# The filters that collect their values in a list of the Query, by name.
_LISTS = {
    "au": "authors",
    "ti": "titles",
    "venue": "venues",
    "cat": "cats",
    "has": "has",
    "is": "is_",
    "src": "sources",
    "tag": "tags",
}
_VALUE_ALIASES = {
    "links": "link",
    "url": "link",
    "urls": "link",
    "mark": "marked",
    "notes": "note",
    "toread": "to-read",
    "unread": "to-read",
    "corrected": "edited",
}
_ALIASES = {
    "author": "au",
    "title": "ti",
    "y": "year",
    "v": "venue",
    "category": "cat",
    "source": "src",
}
_SEARCHABLE_RE = re.compile(r"[^\W_]")
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
    tags: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    # ``-term`` / ``-filter:value``: papers matching any of these are left out
    nots: list[Query] = field(default_factory=list)
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
            or self.tags
            or self.ids
            or self.nots
        )

    def filter_key(self) -> tuple:
        """What the filters are (the words left out): the key of cached filter results."""
        return (
            tuple(self.authors),
            tuple(self.titles),
            self.years,
            tuple(self.venues),
            tuple(self.cats),
            tuple(self.has),
            tuple(self.sources),
            tuple(self.is_),
            tuple(self.tags),
            tuple(self.ids),
            tuple((n.filter_key(), n.text) for n in self.nots),
        )


def _nearest(word: str, choices: Sequence[str]) -> str | None:
    best = process.extractOne(word, choices, scorer=Levenshtein.normalized_similarity)
    return best[0] if best and best[1] >= 0.4 else None


def _unknown(what: str, word: str, choices: Sequence[str]) -> str:
    near = _nearest(word, choices)
    hint = f"did you mean {near}?" if near else f"known: {', '.join(choices)}"
    return f"{what} is not a known filter ({hint})"


def parse_query(text: str) -> Query:
    """Split a query into filters and free text; bad filters are reported, not raised."""
    query = Query()
    try:
        tokens = shlex.split(text)
    except ValueError:  # an unbalanced quote while typing
        tokens = text.replace('"', " ").replace("'", " ").split()
    free: list[str] = []
    for tok in tokens:
        if len(tok) > 1 and tok[0] == "-" and tok[1] not in "- " and not tok[1].isdigit():
            sub = parse_query(tok[1:])  # a leading - leaves out what the term matches
            query.errors += sub.errors
            if not sub.errors and (sub.has_filters or sub.text.strip()):
                query.nots.append(sub)
            continue
        m = _FIELD_RE.match(tok)
        if not m:
            free.append(tok)
            continue
        name = _ALIASES.get(m[1].lower(), m[1].lower())
        value = m[2].strip().casefold()
        if name not in FIELDS and not value:
            free.append(tok)  # "Mixtral:" — a word that ends a title's first part
            continue
        if name not in FIELDS:
            fields = [f"{f}:" for f in FIELDS]
            query.errors.append(_unknown(f"{m[1]}:", f"{name}:", fields))
            continue
        if not value:
            continue
        if name in VALUES:
            value = _VALUE_ALIASES.get(value, value)
            if value not in VALUES[name]:
                known = [f"{name}:{v}" for v in VALUES[name]]
                query.errors.append(_unknown(f"{name}:{value}", f"{name}:{value}", known))
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
        elif name == "id":
            query.ids.append(m[2].strip())  # ids are matched as typed, not folded
        else:
            getattr(query, _LISTS[name]).append(value)
    query.text = " ".join(free)
    if query.text.strip() and not _SEARCHABLE_RE.search(query.text) and not query.has_filters:
        # e.g. an emoji: no word to look for, and "no words" must not mean "everything"
        query.errors.append(f"nothing to search for in {query.text!r}: type a word or a filter")
    return query
