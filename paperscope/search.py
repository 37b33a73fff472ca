"""Search: field filters plus typo-tolerant free text, titles ranked over abstracts.

Query language: free words, and filters ``au:``, ``ti:``, ``year:2023``,
``year:2021-2023``, ``venue:``, ``cat:``, ``has:code``/``has:abstract``/
``has:link``, ``is:marked``, ``src:`` (a format or a file name). Values with
spaces go in quotes: ``au:"van der maaten"``. Filters are ANDed.

Free text is matched word by word, so a keystroke costs about the same at 200
papers and at 100,000: every query word is looked up in the vocabulary of
title words and of author names (exact, as a prefix while it is being typed,
and within a typo or two via rapidfuzz), and in a SQLite FTS5 index of the
abstracts (C speed; a plain scan where FTS5 is missing). Every word must match
somewhere; papers matching all words in the title rank first, then those found
through authors, then through abstracts; newer papers first among equals.
"""

from __future__ import annotations

import contextlib
import gc
import re
import shlex
import sqlite3
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .records import LibraryPaper

_FIELD_RE = re.compile(r"^(au|author|ti|title|year|y|venue|v|cat|category|has|is|src|source):(.*)$",
                       re.IGNORECASE)
_ALIASES = {"author": "au", "title": "ti", "y": "year", "v": "venue", "category": "cat",
            "source": "src"}
# Query words that say nothing about a paper: they neither filter nor score.
STOPWORDS = frozenset(
    "a an and are as at by for from in into is of on or the to toward towards via with".split()
)
PREFIX_SIM = 0.9  # a vocabulary word that starts with the query word (still typing)
ABSTRACT_MIN = 3  # shorter query words are not looked for in abstracts
ABSTRACT_PREFIX_MIN = 4  # shorter ones only as whole words (a prefix would match too much)
FULL_SCORE_LIMIT = 5000  # above this many hits in a tier, rank it coarsely (by year)
# When at most this share of the papers (or this many) is left to check for a
# word, their abstracts are scanned rather than the word looked up across all
# abstracts: a common word such as "model" is in most of them, and fetching
# 70,000 row ids costs tens of ms at 100k papers, while scanning a few thousand
# abstracts (kept folded between keystrokes) costs a few.
NARROW_SHARE = 1 / 40
NARROW_MIN = 300


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
    where: str  # "title", "author", "abstract" or "filter"


_WORD_RE = re.compile(r"[^\W_]+")
_COMBINING_RE = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_DBLP_RE = re.compile(r" \d{4}(?= ;|$)")


def fold(text: str) -> str:
    """Case- and accent-insensitive form used on both sides of a match."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
    return text


def words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


@contextlib.contextmanager
def _no_gc():
    """Pause the cyclic GC: building 50,000 hits would otherwise trigger full collections
    that walk the whole library (most of a search's time at 100,000 papers)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Vocabulary:
    """Words -> paper indices, with exact, prefix and typo-tolerant lookup."""

    def __init__(self) -> None:
        self.postings: dict[str, list[int]] = {}
        self._sorted: list[str] = []
        self._by_len: dict[int, list[str]] = {}
        self._cache: dict[tuple[str, bool], dict[str, float]] = {}
        self._matches: dict[tuple[str, bool], dict[float, set[int]]] = {}

    def add(self, i: int, tokens: list[str]) -> None:
        postings = self.postings
        for w in dict.fromkeys(tokens):
            ids = postings.get(w)
            if ids is None:
                postings[w] = [i]
            else:
                ids.append(i)

    def freeze(self) -> None:
        self._sorted = sorted(self.postings)
        for w in self._sorted:
            self._by_len.setdefault(len(w), []).append(w)

    def expand(self, term: str, prefix: bool) -> dict[str, float]:
        """Vocabulary words standing for ``term``, with a similarity in 0..1."""
        key = (term, prefix)
        found = self._cache.get(key)
        if found is not None:
            return found
        found = {}
        if term in self.postings:
            found[term] = 1.0
        if prefix:
            lo = bisect_left(self._sorted, term)
            hi = bisect_right(self._sorted, term + "\uffff")
            for w in self._sorted[lo:hi]:
                found.setdefault(w, PREFIX_SIM)
        budget = typo_budget(term)
        if budget:
            n = len(term)
            choices = [w for size in range(n - budget, n + budget + 1)
                       for w in self._by_len.get(size, ())]
            for w, edits, _ in process.extract(
                term, choices, scorer=OSA.distance, score_cutoff=budget, limit=None
            ):
                found.setdefault(w, 0.95 - 0.1 * edits)
        if len(self._cache) > 512:
            self._cache.clear()
        self._cache[key] = found
        return found

    def typos(self, term: str, most: int = 3) -> list[str]:
        """The closest words within ``term``'s typo budget (not prefixes)."""
        found = self.expand(term, False)
        near = sorted((w for w, sim in found.items() if sim < 1.0), key=found.__getitem__,
                      reverse=True)
        return near[:most]

    def match(self, term: str, prefix: bool) -> dict[float, set[int]]:
        """Similarity level -> papers whose best word for ``term`` is that similar.

        Cached: while a query is typed, its earlier words come back on every keystroke.
        """
        key = (term, prefix)
        out = self._matches.get(key)
        if out is None:
            if len(self._matches) > 256:
                self._matches.clear()
            out = self._matches[key] = self._match(term, prefix)
        return out

    def _match(self, term: str, prefix: bool) -> dict[float, set[int]]:
        levels: dict[float, list[str]] = {}
        for w, sim in self.expand(term, prefix).items():
            levels.setdefault(round(sim, 2), []).append(w)
        out: dict[float, set[int]] = {}
        seen: set[int] = set()
        for sim in sorted(levels, reverse=True):
            ids: set[int] = set()
            ids.update(*(self.postings[w] for w in levels[sim]))
            ids -= seen
            if ids:
                out[sim] = ids
                seen |= ids
        return out


class _Abstracts:
    """Which abstracts have a word (or a word starting with a prefix)."""

    def __init__(self, abstracts: list[str]) -> None:
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, bool], set[int]] = {}
        self._db: sqlite3.Connection | None = None
        self._abstracts = abstracts
        self._folded: dict[int, str] = {}
        self._text = ""
        self._starts: list[int] = []
        try:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            # detail=none: only which rows have a word (half the build time of the
            # default); no prefix index: it doubles the build and barely speeds queries.
            # content='': the index only, not a second copy of every abstract.
            db.execute("CREATE VIRTUAL TABLE a USING fts5(body, detail=none, content='', "
                       "tokenize='unicode61 remove_diacritics 2')")
            # Text that is not ASCII goes in as UTF-8 bytes (FTS5 reads them as text):
            # binding a str would keep a UTF-8 copy inside it for good (CPython).
            db.executemany("INSERT INTO a(rowid, body) VALUES (?, ?)",
                           ((i, a if a.isascii() else a.encode())
                            for i, a in enumerate(abstracts) if a))
            self._db = db
        except sqlite3.Error:  # no FTS5 in this SQLite: scan one big folded string
            folded = [fold(a) for a in abstracts]
            self._text = "\x00".join(folded)
            pos = 0
            for a in folded:
                self._starts.append(pos)
                pos += len(a) + 1

    def find(self, term: str, prefix: bool) -> set[int]:
        key = (term, prefix)
        found = self._cache.get(key)
        if found is not None:
            return found
        if self._db is not None:
            match = '"' + term.replace('"', "") + '"' + ("*" if prefix else "")
            with self._lock:
                rows = self._db.execute("SELECT rowid FROM a WHERE a MATCH ?", (match,))
                found = {r[0] for r in rows}
        else:
            found = self._scan(term, prefix)
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[key] = found
        return found

    def find_among(self, words: list[tuple[str, bool]], ids: set[int]) -> set[int]:
        """Of papers ``ids`` (few), those whose abstract has any of ``words`` ((word,
        prefix) pairs): their abstracts are scanned as ``_scan`` does, each folded once
        (and kept folded a while: the next keystroke looks at the same papers)."""
        found: set[int] = set()
        todo = []
        for term, prefix in words:
            cached = self._cache.get((term, prefix))
            if cached is not None:
                found |= cached & ids
            else:
                todo.append((term, prefix))
        if not todo:
            return found
        rest = ids - found
        folded, abstracts = self._folded, self._abstracts
        if len(folded) + len(rest) > 4 * max(NARROW_MIN, len(abstracts) * NARROW_SHARE):
            folded.clear()
        for i in rest:
            text = folded.get(i)
            if text is None:
                text = folded[i] = fold(abstracts[i] or "")
            if any(_has_word(text, term, prefix) for term, prefix in todo):
                found.add(i)
        return found

    def _scan(self, term: str, prefix: bool) -> set[int]:
        text, starts, find = self._text, self._starts, self._text.find
        found: set[int] = set()
        pos = find(term)
        while pos >= 0:
            k = bisect_right(starts, pos) - 1
            end = pos + len(term)
            if (pos == starts[k] or not text[pos - 1].isalnum()) and (
                prefix or end == len(text) or not text[end].isalnum()
            ):
                found.add(k)
                pos = find(term, starts[k + 1] if k + 1 < len(starts) else len(text))
            else:
                pos = find(term, pos + 1)
        return found


def _has_word(text: str, term: str, prefix: bool) -> bool:
    """Whether folded ``text`` has the word ``term`` (or a word starting with it)."""
    find, n = text.find, len(term)
    pos = find(term)
    while pos >= 0:
        end = pos + n
        if (pos == 0 or not text[pos - 1].isalnum()) and (
            prefix or end == len(text) or not text[end].isalnum()
        ):
            return True
        pos = find(term, pos + 1)
    return False


class SearchIndex:
    """Word indexes of titles, authors and abstracts, built once per library version."""

    def __init__(self, papers: list[LibraryPaper]) -> None:
        self.papers = papers
        self._titles = _Vocabulary()
        self._authors = _Vocabulary()
        self.title_text: list[str] = []
        self.authors_text: list[str] = []
        find = _WORD_RE.findall
        for i, p in enumerate(papers):
            tokens = find(fold(p.title))
            self.title_text.append(" ".join(tokens))
            self._titles.add(i, tokens)
            names = _DBLP_RE.sub("", fold(" ; ".join(p.authors)))
            self.authors_text.append(names)
            self._authors.add(i, find(names))
        self._titles.freeze()
        self._authors.freeze()
        self._abstracts = _Abstracts([p.abstract or "" for p in papers])
        self._filter_groups: dict[str, dict] | None = None
        self._groups()
        self._terms: dict[tuple[str, bool], tuple] = {}
        self._filters: dict[tuple, set[int]] = {}
        self._all: list[Hit] | None = None

    # -- filters ------------------------------------------------------------------
    # Each filter is a set of paper indices, so filtering 100,000 papers is a few
    # set operations rather than a Python test per paper.

    def _groups(self) -> dict[str, dict]:
        if self._filter_groups is None:
            groups: dict[str, dict] = {"year": {}, "venue": {}, "cat": {}, "src": {}, "has": {}}
            has = groups["has"]
            for name in ("code", "abstract", "link"):
                has[name] = set()
            for i, p in enumerate(self.papers):
                if p.year:
                    groups["year"].setdefault(p.year, []).append(i)
                venue = " ".join(x for x in (p.venue, p.venue_type, p.pub_type) if x).casefold()
                groups["venue"].setdefault(venue, []).append(i)
                groups["cat"].setdefault((p.category or "").casefold(), []).append(i)
                for src in p.sources:
                    key = f"{src.format} {src.name} {src.subject or ''}".casefold()
                    groups["src"].setdefault(key, []).append(i)
                if p.has_code:
                    has["code"].add(i)
                if p.abstract:
                    has["abstract"].add(i)
                if p.links:
                    has["link"].add(i)
            self._filter_groups = groups
        return self._filter_groups

    @staticmethod
    def _union(groups: dict, keep) -> set[int]:
        out: set[int] = set()
        out.update(*(ids for key, ids in groups.items() if keep(key)))
        return out

    def _words_filter(self, vocab: _Vocabulary, texts: list[str], value: str) -> set[int]:
        """Papers with a word starting with each word of ``value`` (in that order)."""
        value = fold(value)
        found: set[int] | None = None
        for w in _WORD_RE.findall(value):
            ids: set[int] = set()
            ids.update(*(vocab.postings[v] for v in vocab.expand(w, True) if v.startswith(w)))
            found = ids if found is None else found & ids
        if not found:
            return set()
        if " " in value.strip():
            found = {i for i in found if value.strip() in texts[i]}
        return found

    def _filter(self, q: Query) -> set[int] | None:
        """Papers passing every filter of ``q`` (None: no filters).

        Cached by filters (not marks, which change): the filters of a query stay the
        same while its words are typed.
        """
        if not q.has_filters:
            return None
        key = (tuple(q.authors), tuple(q.titles), q.years, tuple(q.venues), tuple(q.cats),
               tuple(q.has), tuple(q.sources))
        found = self._filters.get(key)
        if found is None:
            if len(self._filters) > 64:
                self._filters.clear()
            found = self._filters[key] = self._filter_uncached(q)
        if "marked" in q.is_ or "mark" in q.is_:  # marks change: read them now
            found = {i for i in found if self.papers[i].marked}
        return found

    def _filter_uncached(self, q: Query) -> set[int]:
        groups = self._groups()
        sets: list[set[int]] = []
        if q.years:
            lo, hi = q.years
            sets.append(self._union(groups["year"], lambda y: lo <= y <= hi))
        for value in q.authors:
            sets.append(self._words_filter(self._authors, self.authors_text, value))
        for value in q.titles:
            sets.append(self._words_filter(self._titles, self.title_text, value))
        for value in q.venues:
            sets.append(self._union(groups["venue"], lambda k, v=value: v in k))
        for value in q.cats:
            sets.append(self._union(groups["cat"], lambda k, v=value: k.startswith(v) and k))
        for value in q.sources:
            sets.append(self._union(groups["src"], lambda k, v=value: v in k))
        for value in q.has:
            name = {"links": "link", "url": "link"}.get(value, value)
            if name in groups["has"]:
                sets.append(groups["has"][name])
        sets.sort(key=len)
        found = set(sets[0]) if sets else set(range(len(self.papers)))
        for other in sets[1:]:
            found &= other
        return found

    # -- search ---------------------------------------------------------------------

    def _in_abstracts(self, term: str, prefix: bool, among: set[int] | None = None) -> set[int]:
        """Papers whose abstract has ``term`` (or, misspelt, a word it stands for);
        with ``among``, only those papers are looked at (see ``NARROW_SHARE``)."""
        if len(term) < ABSTRACT_MIN or among is not None and not among:
            return set()
        prefix = prefix and len(term) >= ABSTRACT_PREFIX_MIN
        # misspelt: also look for the words it stands for
        words = [(term, prefix)] + [(typo, False) for typo in self._titles.typos(term)]
        if among is not None:
            return self._abstracts.find_among(words, among)
        found = set()
        for word, pre in words:
            found = found | self._abstracts.find(word, pre)
        return found

    def _term(self, term: str, prefix: bool) -> tuple:
        """(title levels, title ids, author levels, author ids, either) for one query word."""
        key = (term, prefix)
        found = self._terms.get(key)
        if found is None:
            title = self._titles.match(term, prefix)
            author = self._authors.match(term, prefix)
            title_ids = set().union(*title.values())
            author_ids = set().union(*author.values())
            if len(self._terms) > 256:
                self._terms.clear()
            found = self._terms[key] = (title, title_ids, author, author_ids,
                                        title_ids | author_ids)
        return found

    def search(self, text: str | Query, limit: int | None = None) -> list[Hit]:
        with _no_gc():
            return self._search(text, limit)

    def _search(self, text: str | Query, limit: int | None) -> list[Hit]:
        q = parse_query(text) if isinstance(text, str) else text
        allowed = self._filter(q)
        terms = words(q.text)
        content = [t for t in terms if t not in STOPWORDS] or terms
        if not content:
            if allowed is None:  # every paper, in library order: the same list each time
                if self._all is None:
                    self._all = [Hit(p, 0.0, "filter") for p in self.papers]
                return self._all[:limit] if limit else list(self._all)
            hits = [Hit(self.papers[i], 0.0, "filter") for i in sorted(allowed)]
            return hits[:limit] if limit else hits
        typing = not q.text[-1].isspace()
        narrow = max(NARROW_MIN, len(self.papers) * NARROW_SHARE)
        matches = []  # per word: (title levels, title ids, author levels, author ids, abstract)
        candidates = allowed
        in_title: set[int] | None = None
        in_either: set[int] | None = None
        for n, term in enumerate(content):
            prefix = (n == len(content) - 1 and typing) or len(term) >= 3
            title, title_ids, author, author_ids, either = self._term(term, prefix)
            if candidates is not None and len(candidates) <= narrow:
                # few papers left: only those not matched by title or author need
                # their abstracts looked at
                rest = candidates - either
                candidates = (candidates & either) | self._in_abstracts(term, prefix, rest)
            else:
                found = either | self._in_abstracts(term, prefix)
                candidates = found if candidates is None else candidates & found
            if not candidates:
                return []
            in_title = title_ids if in_title is None else in_title & title_ids
            in_either = either if in_either is None else in_either & either
            matches.append((title, title_ids, author, author_ids))
        tier1 = in_title & candidates
        tier2 = (in_either & candidates) - tier1
        tier3 = candidates - tier1 - tier2
        phrase = " ".join(content)
        hits = self._title_hits(tier1, matches, phrase)
        hits += self._author_hits(tier2, matches)
        papers = self.papers
        hits += [Hit(papers[i], 55.0, "abstract") for i in sorted(tier3)]
        return hits[:limit] if limit else hits

    def _title_hits(self, ids: set[int], matches: list, phrase: str) -> list[Hit]:
        papers = self.papers
        if len(ids) > FULL_SCORE_LIMIT:  # rank by how exactly the first word matched, then year
            first = matches[0][0]
            hits = []
            for sim in sorted(first, reverse=True):
                level = first[sim] & ids
                hits += [Hit(papers[i], 100.0 + 80.0 * sim, "title") for i in sorted(level)]
            return hits
        sims = []
        for title, *_ in matches:
            sim_of = {}
            for sim, level in title.items():
                sim_of.update(dict.fromkeys(level & ids, sim))
            sims.append(sim_of)
        n = len(matches)
        scored = []
        for i in ids:
            score = 100.0 + 80.0 * sum(s[i] for s in sims) / n
            tw = self.title_text[i]
            if f" {phrase}" in f" {tw}":
                score += 10.0  # the words in the order typed
            score += 10.0 * n / max(n, tw.count(" ") + 1)  # a short title that is all match
            scored.append((-score, i))
        scored.sort()
        return [Hit(papers[i], -neg, "title") for neg, i in scored]

    def _author_hits(self, ids: set[int], matches: list) -> list[Hit]:
        papers = self.papers
        if len(ids) > FULL_SCORE_LIMIT:
            return [Hit(papers[i], 85.0, "author") for i in sorted(ids)]
        scored = []
        for i in ids:
            total = 0.0
            for title, title_ids, author, author_ids in matches:
                best = 0.0
                if i in title_ids:
                    best = next(sim for sim, level in title.items() if i in level)
                if i in author_ids:
                    best = max(best, 0.9 * next(sim for sim, level in author.items()
                                                if i in level))
                total += best
            scored.append((-(80.0 + 10.0 * total / len(matches)), i))
        scored.sort()
        return [Hit(papers[i], -neg, "author") for neg, i in scored]
