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

Sets of papers are bitsets (a Python int, bit i = paper i): at 100,000 papers
one is 12.5 kB whatever it holds, and and/or/and-not of two cost microseconds
in C, where sets of 50,000 ints cost milliseconds and megabytes. Python code
runs per paper only where a paper is listed (hits) or its text looked at.
"""

from __future__ import annotations

import contextlib
import gc
import operator
import re
import shlex
import sqlite3
import threading
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, mul, neg, or_

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .records import LibraryPaper

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


@dataclass(slots=True)
class Hit:
    paper: LibraryPaper
    score: float
    where: str  # "title", "author", "abstract" or "filter"


class Hits(Sequence):
    """What :meth:`SearchIndex.search` returns: the hits in rank order, a read-only
    sequence that makes each :class:`Hit` when it is looked at.

    A one-letter word matches most of 100,000 papers: a Hit object for each (then
    walked by the cyclic GC, then freed at the next keystroke) was most of such a
    keystroke. The app reads the count, the first hit and the papers in order, and
    ``positions`` gives those without any Hit: hit k is ``papers[positions[k]]``,
    ``papers`` being the list the search index was built on.
    """

    __slots__ = ("papers", "positions", "_starts", "_kinds", "_made")

    def __init__(self, papers: list[LibraryPaper]) -> None:
        self.papers = papers
        self.positions = array("I")
        self._starts: list[int] = []  # where each run of hits of one kind starts ...
        self._kinds: list[tuple[float | array, str]] = []  # ... its score(s) and where
        self._made: dict[int, Hit] = {}  # hits looked at, so that each is one object

    def _extend(self, ids, score: float | array, where: str) -> None:
        """Append papers ``ids``, all with ``score`` or each with its own (an array)."""
        if len(ids):
            self._starts.append(len(self.positions))
            self._kinds.append((score, where))
            self.positions.extend(ids)

    def _hit(self, k: int) -> Hit:
        hit = self._made.get(k)
        if hit is None:
            run = bisect_right(self._starts, k) - 1
            score, where = self._kinds[run]
            if not isinstance(score, float):
                score = score[k - self._starts[run]]
            hit = self._made[k] = Hit(self.papers[self.positions[k]], score, where)
        return hit

    def __len__(self) -> int:
        return len(self.positions)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self._hit(i) for i in range(*k.indices(len(self.positions)))]
        k = operator.index(k)
        n = len(self.positions)
        if k < 0:
            k += n
        if not 0 <= k < n:
            raise IndexError("hit index out of range")
        return self._hit(k)

    def __iter__(self):
        for k in range(len(self.positions)):
            yield self._hit(k)

    def __eq__(self, other) -> bool:
        if isinstance(other, (Hits, list, tuple)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<Hits: {len(self)}>"

    def clear(self) -> None:
        self.positions = array("I")
        self._starts, self._kinds, self._made = [], [], {}

    def _cut(self, limit: int) -> Hits:
        """The first ``limit`` hits."""
        cut = Hits(self.papers)
        cut.positions = self.positions[:limit]
        cut._starts, cut._kinds = self._starts, self._kinds
        return cut


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


# -- bitsets ---------------------------------------------------------------------------
# Built through a bytearray with one byte per paper (a Python loop sets one byte per
# paper, about as fast as adding it to a set), read back through ``bin()``: both
# conversions between bytes and int are C loops.

_TO_DIGITS = bytes.maketrans(b"\x00\x01", b"01")
_FROM_DIGITS = bytes.maketrans(b"01", b"\x00\x01")


def _bits(ids, n: int) -> int:
    """The bitset of paper indices ``ids`` (each below ``n``)."""
    flags = bytearray(n)
    for i in ids:
        flags[i] = 1
    return _pack(flags)


def _pack(flags: bytearray) -> int:
    return int(flags.translate(_TO_DIGITS)[::-1], 2) if flags else 0


def _ids(bits: int) -> list[int]:
    """The paper indices in ``bits``, ascending."""
    if not bits:
        return []
    digits = bin(bits)[:1:-1]  # digit i is bit i
    if bits.bit_count() * 5 > len(digits):  # dense: pick the ones out of every digit
        return list(compress(range(len(digits)), digits.encode().translate(_FROM_DIGITS)))
    # sparse: the runs of zeros between the ones give the gaps, summed up in C
    runs = digits.split("1")
    runs.pop()
    found = list(accumulate(map(add, map(len, runs), repeat(1)), initial=-1))
    del found[0]
    return found


class _Vocabulary:
    """Words -> papers, with exact, prefix and typo-tolerant lookup.

    The words are sorted, so those starting with a prefix are one run of them.
    A frequent word's papers are kept as a bitset; a rare word's as a run of one
    array, the runs in word order, so the rare words of a prefix are one slice of
    it. No per-word Python objects but the words themselves: compact, and nothing
    for the cyclic GC to walk.
    """

    def __init__(self, n: int) -> None:
        self.n = n
        self._postings: dict[str, list[int]] | None = {}  # while building
        self.words: tuple[str, ...] = ()
        self._starts = array("I")  # rare word k: _ids[_starts[k]:_starts[k + 1]]
        self._ids = array("I")
        self._dense_ranks = array("I")  # the frequent words' ranks, ascending ...
        self._dense_bits: tuple[int, ...] = ()  # ... and their papers
        self._by_len: dict[int, tuple[str, ...]] = {}
        self._typos: dict[str, list[tuple[str, int]]] = {}

    def add(self, i: int, tokens: list[str]) -> None:
        postings = self._postings
        for w in dict.fromkeys(tokens):
            ids = postings.get(w)
            if ids is None:
                postings[w] = [i]
            else:
                ids.append(i)

    def freeze(self) -> None:
        postings, self._postings = self._postings, None
        self.words = sorted(postings)
        starts, ids, n = self._starts, self._ids, self.n
        dense_bits = []
        starts.append(0)
        for k, w in enumerate(self.words):
            papers = postings[w]
            # a bitset takes n/8 bytes, a run 4 per paper: past n/64 papers the
            # bitset is at most twice as big and saves converting the run each time
            if len(papers) * 64 >= n:
                self._dense_ranks.append(k)
                dense_bits.append(_bits(papers, n))
            else:
                ids.extend(papers)
            starts.append(len(ids))
            self._by_len.setdefault(len(w), []).append(w)
        # tuples, which the cyclic GC stops tracking (see SearchIndex._build)
        self.words = tuple(self.words)
        self._by_len = {size: tuple(ws) for size, ws in self._by_len.items()}
        self._dense_bits = tuple(dense_bits)

    # -- lookups ------------------------------------------------------------------------

    def rank(self, word: str) -> int:
        """The word's index in ``words``, -1 when it is not there."""
        k = bisect_left(self.words, word)
        return k if k < len(self.words) and self.words[k] == word else -1

    def span(self, prefix: str) -> tuple[int, int]:
        """The run of ``words`` that start with ``prefix``."""
        return (bisect_left(self.words, prefix), bisect_right(self.words, prefix + "\uffff"))

    def span_bits(self, lo: int, hi: int) -> int:
        """Papers with any of ``words[lo:hi]``."""
        if lo >= hi:
            return 0
        starts = self._starts
        bits = _bits(self._ids[starts[lo] : starts[hi]], self.n) if starts[hi] > starts[lo] else 0
        dense = self._dense_bits
        for j in range(bisect_left(self._dense_ranks, lo), bisect_left(self._dense_ranks, hi)):
            bits |= dense[j]
        return bits

    def ranks_bits(self, ranks: list[int]) -> int:
        """Papers with any of the words of these ranks."""
        rare: list[int] = []
        bits = 0
        starts, ids, dense_ranks = self._starts, self._ids, self._dense_ranks
        for k in ranks:
            j = bisect_left(dense_ranks, k)
            if j < len(dense_ranks) and dense_ranks[j] == k:
                bits |= self._dense_bits[j]
            else:
                rare += ids[starts[k] : starts[k + 1]]
        return bits | _bits(rare, self.n) if rare else bits

    def near(self, term: str) -> list[tuple[str, int]]:
        """Vocabulary words within ``term``'s typo budget, with their edits, closest
        first (rapidfuzz's order). Cached: the title levels, the abstract typos and
        the filters all ask, and a query's words come back on every keystroke."""
        found = self._typos.get(term)
        if found is None:
            found = []
            budget = typo_budget(term)
            if budget:
                n = len(term)
                choices: list[str] = []
                for size in range(n - budget, n + budget + 1):
                    choices += self._by_len.get(size, ())
                found = [
                    (w, edits)
                    for w, edits, _ in process.extract(
                        term, choices, scorer=OSA.distance, score_cutoff=budget, limit=None
                    )
                ]
            if len(self._typos) > 512:
                self._typos.clear()
            self._typos[term] = found
        return found

    def typos(self, term: str, most: int = 3) -> list[str]:
        """The closest words within ``term``'s typo budget (not prefixes)."""
        sims = {w: 0.95 - 0.1 * edits for w, edits in self.near(term) if w != term}
        near = sorted(sims, key=sims.__getitem__, reverse=True)
        return near[:most]

    def match(self, term: str, prefix: bool) -> dict[float, int]:
        """Similarity level -> papers whose best word for ``term`` is that similar:
        1.0 the word itself, 0.9 a longer word it starts (``prefix``: still typing),
        0.85 / 0.75 a word one / two typos off. Highest level first, no paper twice."""
        levels: dict[float, int] = {}
        seen = 0
        k = self.rank(term)
        if k >= 0:
            seen = levels[1.0] = self.ranks_bits([k])
        lo = hi = 0
        if prefix:
            lo, hi = self.span(term)
            bits = self.span_bits(lo, hi) & ~seen  # the word itself is in the run too
            if bits:
                levels[round(PREFIX_SIM, 2)] = bits
                seen |= bits
        typos: dict[float, list[int]] = {}
        for w, edits in self.near(term):
            if w == term:
                continue
            r = self.rank(w)
            if not lo <= r < hi:  # not already a prefix match
                typos.setdefault(round(0.95 - 0.1 * edits, 2), []).append(r)
        for sim in sorted(typos, reverse=True):
            bits = self.ranks_bits(typos[sim]) & ~seen
            if bits:
                levels[sim] = bits
                seen |= bits
        return levels

    def starting(self, prefix: str) -> int:
        """Papers with a word starting with ``prefix`` (as the au:/ti: filters ask)."""
        lo, hi = self.span(prefix)
        bits = self.span_bits(lo, hi)
        # a close word starting with it yet outside the run ("\uffff" bounds it)
        extra = [
            r
            for w, _ in self.near(prefix)
            if w.startswith(prefix) and not lo <= (r := self.rank(w)) < hi
        ]
        return bits | self.ranks_bits(extra) if extra else bits


class _Abstracts:
    """Which abstracts have a word (or a word starting with a prefix)."""

    def __init__(self, abstracts: tuple[str, ...]) -> None:
        self._lock = threading.Lock()
        self._n = len(abstracts)
        self._cache: dict[tuple[str, bool], int] = {}
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
            db.execute(
                "CREATE VIRTUAL TABLE a USING fts5(body, detail=none, content='', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            # Text that is not ASCII goes in as UTF-8 bytes (FTS5 reads them as text):
            # binding a str would keep a UTF-8 copy inside it for good (CPython).
            db.executemany(
                "INSERT INTO a(rowid, body) VALUES (?, ?)",
                ((i, a if a.isascii() else a.encode()) for i, a in enumerate(abstracts) if a),
            )
            self._db = db
        except sqlite3.Error:  # no FTS5 in this SQLite: scan one big folded string
            folded = [fold(a) for a in abstracts]
            self._text = "\x00".join(folded)
            pos = 0
            for a in folded:
                self._starts.append(pos)
                pos += len(a) + 1

    def find(self, term: str, prefix: bool) -> int:
        key = (term, prefix)
        found = self._cache.get(key)
        if found is not None:
            return found
        if self._db is not None:
            match = '"' + term.replace('"', "") + '"' + ("*" if prefix else "")
            flags = bytearray(self._n)
            with self._lock:
                for (i,) in self._db.execute("SELECT rowid FROM a WHERE a MATCH ?", (match,)):
                    flags[i] = 1
            found = _pack(flags)
        else:
            found = _bits(self._scan(term, prefix), self._n)
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[key] = found
        return found

    def find_among(self, words: list[tuple[str, bool]], ids: int) -> int:
        """Of papers ``ids`` (few), those whose abstract has any of ``words`` ((word,
        prefix) pairs): their abstracts are scanned as ``_scan`` does, each folded once
        (and kept folded a while: the next keystroke looks at the same papers)."""
        found = 0
        todo = []
        for term, prefix in words:
            cached = self._cache.get((term, prefix))
            if cached is not None:
                found |= cached & ids
            else:
                todo.append((term, prefix))
        if not todo:
            return found
        rest = _ids(ids & ~found)
        folded, abstracts = self._folded, self._abstracts
        if len(folded) + len(rest) > 4 * max(NARROW_MIN, len(abstracts) * NARROW_SHARE):
            folded.clear()
        more = []
        for i in rest:
            text = folded.get(i)
            if text is None:
                text = folded[i] = fold(abstracts[i] or "")
            if any(_has_word(text, term, prefix) for term, prefix in todo):
                more.append(i)
        return found | _bits(more, self._n) if more else found

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


@dataclass(slots=True)
class _Term:
    """How one query word matches: similarity level -> papers, for titles and authors."""

    title: dict[float, int]
    title_ids: int
    author: dict[float, int]
    author_ids: int
    either: int


@dataclass(slots=True)
class _Step:
    """The state after matching a query's first words (see ``SearchIndex._steps``)."""

    candidates: int
    in_title: int
    in_either: int
    terms: tuple[_Term, ...]


class SearchIndex:
    """Word indexes of titles, authors and abstracts, built once per library version."""

    def __init__(self, papers: list[LibraryPaper]) -> None:
        with _no_gc():  # a few hundred thousand objects, none of them cyclic
            self._build(papers)
        if gc.isenabled():
            # What was just built lives as long as the index: have the GC look at it
            # once now, off the keystroke path (it then stops tracking the tuples of
            # strings), rather than in the first keystrokes' collections.
            gc.collect(1)

    def _build(self, papers: list[LibraryPaper]) -> None:
        self.papers = papers
        n = self._n = len(papers)
        self._titles = _Vocabulary(n)
        self._authors = _Vocabulary(n)
        title_text: list[str] = []
        authors_text: list[str] = []
        find = _WORD_RE.findall
        for i, p in enumerate(papers):
            tokens = find(fold(p.title))
            title_text.append(" ".join(tokens))
            self._titles.add(i, tokens)
            names = _DBLP_RE.sub("", fold(" ; ".join(p.authors)))
            authors_text.append(names)
            self._authors.add(i, find(names))
        # Long-lived lists as tuples: the cyclic GC stops tracking a tuple of strings
        # once it has looked at it, while it walks a list on every full collection.
        self.title_text = tuple(title_text)
        self.authors_text = tuple(authors_text)
        # the spaces in each title (its words - 1), asked for each title hit ranked
        self._title_spaces = array("I", [t.count(" ") for t in title_text])
        self._titles.freeze()
        self._authors.freeze()
        self._abstracts = _Abstracts(tuple(p.abstract or "" for p in papers))
        self._filter_groups: dict[str, dict] | None = None
        self._groups()
        self._terms: dict[tuple[str, bool], _Term] = {}
        self._filters: dict[tuple, int] = {}
        self._steps: dict[tuple, _Step] = {}
        self._all_positions = array("I", range(n))

    # -- filters ------------------------------------------------------------------
    # Each filter is a bitset of paper indices, so filtering 100,000 papers is a few
    # int operations rather than a Python test per paper.

    def _groups(self) -> dict[str, dict]:
        if self._filter_groups is None:
            groups: dict[str, dict] = {"year": {}, "venue": {}, "cat": {}, "src": {}, "has": {}}
            has: dict[str, list[int]] = {"code": [], "abstract": [], "link": []}
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
                    has["code"].append(i)
                if p.abstract:
                    has["abstract"].append(i)
                if p.links:
                    has["link"].append(i)
            n = self._n
            # years are few and asked for as ranges: one bitset each; the other groups
            # are many, each a compact run of indices
            groups["year"] = {y: _bits(ids, n) for y, ids in groups["year"].items()}
            for name in ("venue", "cat", "src"):
                groups[name] = {k: array("I", ids) for k, ids in groups[name].items()}
            groups["has"] = {k: _bits(ids, n) for k, ids in has.items()}
            self._filter_groups = groups
        return self._filter_groups

    def _union(self, groups: dict, keep) -> int:
        """Papers of the groups whose key passes ``keep``."""
        ids: list[int] = []
        bits = 0
        for key, members in groups.items():
            if keep(key):
                if isinstance(members, int):
                    bits |= members
                else:
                    ids += members
        return bits | _bits(ids, self._n) if ids else bits

    def _words_filter(self, vocab: _Vocabulary, texts: tuple[str, ...], value: str) -> int:
        """Papers with a word starting with each word of ``value`` (in that order)."""
        value = fold(value)
        found: int | None = None
        for w in _WORD_RE.findall(value):
            ids = vocab.starting(w)
            found = ids if found is None else found & ids
        if not found:
            return 0
        phrase = value.strip()
        if " " in phrase:
            found = _bits([i for i in _ids(found) if phrase in texts[i]], self._n)
        return found

    def _filter(self, q: Query) -> int | None:
        """Papers passing every filter of ``q`` (None: no filters).

        Cached by filters (not marks, which change): the filters of a query stay the
        same while its words are typed.
        """
        if not q.has_filters:
            return None
        key = (
            tuple(q.authors),
            tuple(q.titles),
            q.years,
            tuple(q.venues),
            tuple(q.cats),
            tuple(q.has),
            tuple(q.sources),
        )
        found = self._filters.get(key)
        if found is None:
            if len(self._filters) > 64:
                self._filters.clear()
            found = self._filters[key] = self._filter_uncached(q)
        if "marked" in q.is_ or "mark" in q.is_:  # marks change: read them now
            papers = self.papers
            found = _bits([i for i in _ids(found) if papers[i].marked], self._n)
        return found

    def _filter_uncached(self, q: Query) -> int:
        groups = self._groups()
        found = (1 << self._n) - 1
        if q.years:
            lo, hi = q.years
            found &= self._union(groups["year"], lambda y: lo <= y <= hi)
        for value in q.authors:
            found &= self._words_filter(self._authors, self.authors_text, value)
        for value in q.titles:
            found &= self._words_filter(self._titles, self.title_text, value)
        for value in q.venues:
            found &= self._union(groups["venue"], lambda k, v=value: v in k)
        for value in q.cats:
            found &= self._union(groups["cat"], lambda k, v=value: k.startswith(v) and k)
        for value in q.sources:
            found &= self._union(groups["src"], lambda k, v=value: v in k)
        for value in q.has:
            name = {"links": "link", "url": "link"}.get(value, value)
            if name in groups["has"]:
                found &= groups["has"][name]
        return found

    # -- search ---------------------------------------------------------------------

    def _in_abstracts(self, term: str, prefix: bool, among: int | None = None) -> int:
        """Papers whose abstract has ``term`` (or, misspelt, a word it stands for);
        with ``among``, only those papers are looked at (see ``NARROW_SHARE``)."""
        if len(term) < ABSTRACT_MIN or among is not None and not among:
            return 0
        prefix = prefix and len(term) >= ABSTRACT_PREFIX_MIN
        # misspelt: also look for the words it stands for (but for those that start
        # with it when it is looked for as a prefix: they are found already)
        words = [(term, prefix)] + [
            (typo, False)
            for typo in self._titles.typos(term)
            if not (prefix and typo.startswith(term))
        ]
        if among is not None:
            return self._abstracts.find_among(words, among)
        found = 0
        for word, pre in words:
            found |= self._abstracts.find(word, pre)
        return found

    def _term(self, term: str, prefix: bool) -> _Term:
        """How one query word matches titles and authors (cached: while a query is
        typed, its earlier words come back on every keystroke)."""
        key = (term, prefix)
        found = self._terms.get(key)
        if found is None:
            title = self._titles.match(term, prefix)
            author = self._authors.match(term, prefix)
            title_ids = author_ids = 0
            for bits in title.values():
                title_ids |= bits
            for bits in author.values():
                author_ids |= bits
            if len(self._terms) > 64:  # up to ~100 kB each at 100,000 papers
                self._terms.clear()
            found = self._terms[key] = _Term(
                title, title_ids, author, author_ids, title_ids | author_ids
            )
        return found

    def _step(
        self, before: _Step | None, allowed: int | None, term: str, prefix: bool, narrow: float
    ) -> _Step:
        """Match one more query word; ``before``: the words before it (None: none)."""
        t = self._term(term, prefix)
        either = t.either
        candidates = allowed if before is None else before.candidates
        if candidates is not None and candidates.bit_count() <= narrow:
            # few papers left: only those not matched by title or author need
            # their abstracts looked at
            rest = candidates & ~either
            candidates = (candidates & either) | self._in_abstracts(term, prefix, rest)
        else:
            found = either | self._in_abstracts(term, prefix)
            candidates = found if candidates is None else candidates & found
        if before is None:
            return _Step(candidates, t.title_ids, either, (t,))
        return _Step(
            candidates,
            before.in_title & t.title_ids,
            before.in_either & either,
            before.terms + (t,),
        )

    def _match(self, allowed: int | None, keys: list[tuple[str, bool]]) -> _Step:
        """Match the query words ``keys`` ((word, prefix) pairs) in turn.

        The state after each word is cached by the filters and the words so far:
        typing the next letter only redoes the last word (the abstracts of a few
        thousand papers scanned for each earlier word would otherwise be scanned
        again on every keystroke).
        """
        narrow = max(NARROW_MIN, self._n * NARROW_SHARE)
        steps = self._steps
        step: _Step | None = None
        done = 0
        for k in range(len(keys), 0, -1):
            step = steps.get((allowed, narrow, tuple(keys[:k])))
            if step is not None:
                done = k
                break
        for k in range(done, len(keys)):
            step = self._step(step, allowed, *keys[k], narrow)
            if len(steps) > 64:
                steps.clear()
            steps[(allowed, narrow, tuple(keys[: k + 1]))] = step
            if not step.candidates:
                break
        return step

    def search(self, text: str | Query, limit: int | None = None) -> Hits:
        with _no_gc():
            hits = self._search(text)
        return hits._cut(limit) if limit else hits

    def _search(self, text: str | Query) -> Hits:
        q = parse_query(text) if isinstance(text, str) else text
        allowed = self._filter(q)
        terms = words(q.text)
        content = [t for t in terms if t not in STOPWORDS] or terms
        if not content:
            hits = Hits(self.papers)  # in library order
            hits._extend(self._all_positions if allowed is None else _ids(allowed), 0.0, "filter")
            return hits
        typing = not q.text[-1].isspace()
        keys = [
            (term, (n == len(content) - 1 and typing) or len(term) >= 3)
            for n, term in enumerate(content)
        ]
        step = self._match(allowed, keys)
        candidates = step.candidates
        if not candidates:
            return Hits(self.papers)
        tier1 = step.in_title & candidates
        either = step.in_either & candidates
        hits = Hits(self.papers)
        self._title_hits(hits, tier1, step.terms, " ".join(content))
        self._author_hits(hits, either & ~tier1, step.terms)
        hits._extend(_ids(candidates & ~either), 55.0, "abstract")
        return hits

    def _title_hits(self, hits: Hits, ids: int, terms: tuple[_Term, ...], phrase: str) -> None:
        if ids.bit_count() > FULL_SCORE_LIMIT:
            # rank by how exactly the first word matched, then year
            first = terms[0].title
            for sim in sorted(first, reverse=True):
                hits._extend(_ids(first[sim] & ids), 100.0 + 80.0 * sim, "title")
            return
        # The papers fall into a few groups by their words' similarity levels: split
        # them level by level, word by word, with bitsets.
        groups: dict[tuple[float, ...], int] = {(): ids}
        for t in terms:
            groups = {
                sims + (sim,): part
                for sims, members in groups.items()
                for sim, level in t.title.items()
                if (part := members & level)
            }
        n = len(terms)
        spaced = " " + phrase
        texts = self.title_text
        scored: list[tuple[float, int]] = []
        for sims, members in groups.items():
            base = 100.0 + 80.0 * sum(sims) / n
            ids_ = _ids(members)
            titles = list(map(texts.__getitem__, ids_))
            # Each title's score depends on its words (spaces + 1) and on whether it has
            # the words in the order typed: a table of both, so that the per-title work
            # runs in C (map) rather than as Python statements.
            spaces = list(map(self._title_spaces.__getitem__, ids_))
            in_order = map(
                or_,
                map(str.startswith, titles, repeat(phrase)),
                map(str.__contains__, titles, repeat(spaced)),
            )
            table: list[float] = []
            for words in range(1, max(spaces) + 2):
                short = 10.0 * n / max(n, words)  # a short title that is all match
                table += (base + short, base + 10.0 + short)  # as ``score += ...`` adds
            scores = map(table.__getitem__, map(add, map(mul, spaces, repeat(2)), in_order))
            scored += zip(map(neg, scores), ids_, strict=True)
        scored.sort()
        hits._extend(
            list(map(itemgetter(1), scored)),
            array("d", map(neg, map(itemgetter(0), scored))),
            "title",
        )

    def _author_hits(self, hits: Hits, ids: int, terms: tuple[_Term, ...]) -> None:
        if ids.bit_count() > FULL_SCORE_LIMIT:
            hits._extend(_ids(ids), 85.0, "author")
            return
        # A paper's score only depends on each word's best level, title or author:
        # group the papers by the running total, word by word, with bitsets.
        groups: dict[float, int] = {0.0: ids}
        for t in terms:
            split: dict[float, int] = {}
            for total, members in groups.items():
                for best, part in _best_levels(members, t):
                    key = total + best
                    split[key] = split.get(key, 0) | part
            groups = split
        scores: dict[float, int] = {}
        for total, members in groups.items():
            score = 80.0 + 10.0 * total / len(terms)
            scores[score] = scores.get(score, 0) | members
        for score in sorted(scores, reverse=True):  # equal scores: library order
            hits._extend(_ids(scores[score]), score, "author")


def _best_levels(ids: int, t: _Term):
    """Split papers ``ids`` by their best similarity for one word: a title level, or
    0.9 of an author level when higher; 0.0 for neither. Yields (best, papers)."""
    for title_sim, title in [*t.title.items(), (0.0, ~t.title_ids)]:
        in_title = ids & title
        if not in_title:
            continue
        for author_sim, author in [*t.author.items(), (None, ~t.author_ids)]:
            part = in_title & author
            if part:
                best = title_sim if author_sim is None else max(title_sim, 0.9 * author_sim)
                yield best, part
