"""The search index: filters, then words matched in titles, authors and abstracts, ranked."""

from __future__ import annotations

import gc
import re
from array import array
from dataclasses import dataclass
from itertools import repeat
from operator import add, itemgetter, mul, neg, or_

from parsers.dblp import DBLP_NUMBER

from ..export.venues import code_link, venue_names
from ..gc_pause import gc_paused
from ..records import LibraryPaper
from . import highlight, tuning
from .abstracts import Abstracts
from .bits import to_bits, to_ids
from .highlight import Highlight
from .hits import Hits
from .query import (
    LIVE_IS,
    STOPWORDS,
    Query,
    parse_query,
)
from .text import WORD_RE, fold, name_matcher
from .text import words as text_words
from .vocabulary import Vocabulary

# A DBLP number at the end of each name (the names are joined with " ; ").
_DBLP_RE = re.compile(rf" {DBLP_NUMBER}(?= ;|$)")


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
        with gc_paused():  # a few hundred thousand objects, none of them cyclic
            self._build(papers)
        if gc.isenabled():
            # What was just built lives as long as the index: have the GC look at it
            # once now, off the keystroke path (it then stops tracking the tuples of
            # strings), rather than in the first keystrokes' collections.
            gc.collect(1)

    def _build(self, papers: list[LibraryPaper]) -> None:
        self.papers = papers
        n = self._n = len(papers)
        self._titles = Vocabulary(n)
        self._authors = Vocabulary(n)
        title_text: list[str] = []
        authors_text: list[str] = []
        find = WORD_RE.findall
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
        self._abstracts = Abstracts(tuple(p.abstract or "" for p in papers))
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
            unsure: list[int] = []  # is:unsure — a page's title/author split is in doubt
            for i, p in enumerate(self.papers):
                if p.year:
                    groups["year"].setdefault(p.year, []).append(i)
                named = venue_names(p.venue) if p.venue else ()
                parts = (p.venue, p.venue_type, p.pub_type, *named)
                venue = " ".join(x for x in parts if x).casefold()
                groups["venue"].setdefault(venue, []).append(i)
                groups["cat"].setdefault((p.category or "").casefold(), []).append(i)
                for src in p.sources:
                    key = f"{src.format} {src.name} {src.subject or ''}".casefold()
                    groups["src"].setdefault(key, []).append(i)
                if any(src.record.get("split_uncertain") for src in p.sources):
                    unsure.append(i)
                if p.has_code or code_link(p.links):
                    has["code"].append(i)
                if p.abstract:
                    has["abstract"].append(i)
                if p.links:
                    has["link"].append(i)
            n = self._n
            # years are few and asked for as ranges: one bitset each; the other groups
            # are many, each a compact run of indices
            groups["year"] = {y: to_bits(ids, n) for y, ids in groups["year"].items()}
            for name in ("venue", "cat", "src"):
                groups[name] = {k: array("I", ids) for k, ids in groups[name].items()}
            groups["has"] = {k: to_bits(ids, n) for k, ids in has.items()}
            groups["is"] = {"unsure": to_bits(unsure, n)}
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
        return bits | to_bits(ids, self._n) if ids else bits

    def _words_filter(self, vocab: Vocabulary, texts: tuple[str, ...], value: str) -> int:
        """Papers with a word starting with each word of ``value``; several words must
        follow each other in one name (or the title): the rule of :func:`name_matcher`,
        which the vocabulary's bitsets only narrow down to."""
        typed = text_words(value)
        found: int | None = None
        for w in typed:
            ids = vocab.starting(w)
            found = ids if found is None else found & ids
        if not found:
            return 0
        matches = name_matcher(value)
        if len(typed) > 1 and matches is not None:
            # the names of a paper are joined with " ; " (a title has no ";" left)
            found = to_bits(
                [i for i in to_ids(found) if any(map(matches, texts[i].split(" ; ")))], self._n
            )
        return found

    def _filter(self, q: Query) -> int | None:
        """Papers passing every filter of ``q`` (None: no filters).

        Cached by filters (not marks, which change): the filters of a query stay the
        same while its words are typed.
        """
        if not q.has_filters:
            return None
        key = q.filter_key()
        found = self._filters.get(key)
        if found is None:
            if len(self._filters) > 64:
                self._filters.clear()
            found = self._filters[key] = self._filter_uncached(q)
        live = [v for v in q.is_ if v in LIVE_IS]
        if live or q.tags or "note" in q.has:
            found = self._live(found, live, q.tags, "note" in q.has)
        for sub in q.nots:  # -term: what the term alone matches is left out
            found &= ~self._matching(sub)
        return found

    def _live(self, found: int, is_: list[str], tags: list[str], note: bool) -> int:
        """Keep the papers of ``found`` that pass the filters on marks and the user's
        layer, read now: they change as the user works, without a new index."""
        papers = self.papers
        last = max((p.added_at for p in papers), default="") if "new" in is_ else ""

        def keep(p: LibraryPaper) -> bool:
            layer = p.layer
            for value in is_:
                if value == "marked":
                    ok = p.marked
                elif value == "new":
                    ok = bool(last) and p.added_at == last
                elif value == "edited":
                    ok = bool(layer.corrections)
                else:
                    ok = layer.status == value
                if not ok:
                    return False
            if note and not layer.note:
                return False
            have = {t.casefold() for t in layer.tags}
            return all(t in have for t in tags)

        return to_bits([i for i in to_ids(found) if keep(papers[i])], self._n)

    def _matching(self, q: Query) -> int:
        """Every paper a (negated) term matches: its filters, then its words."""
        found = self._filter(q)
        words = [t for t in text_words(q.text) if t not in STOPWORDS] or text_words(q.text)
        if words:
            found = self._match(found, [(w, len(w) >= 3) for w in words]).candidates
        return found if found is not None else 0

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
            # pages print the letters after the archive: cat:cs.CV means CV
            value = value.rpartition(".")[2] or value
            found &= self._union(groups["cat"], lambda k, v=value: k.startswith(v) and k)
        for value in q.sources:
            found &= self._union(groups["src"], lambda k, v=value: v in k)
        for value in q.has:
            if value in groups["has"]:  # has:note is the user's: read in _filter
                found &= groups["has"][value]  # a closed set: parse_query refused the rest
        for value in q.is_:
            if value in groups["is"]:  # the others (is:marked) change: read in _filter
                found &= groups["is"][value]
        if q.ids:
            wanted = set(q.ids)
            found &= to_bits([i for i, p in enumerate(self.papers) if p.id in wanted], self._n)
        return found

    # -- search ---------------------------------------------------------------------

    def _in_abstracts(self, term: str, prefix: bool, among: int | None = None) -> int:
        """Papers whose abstract has ``term`` (or, misspelt, a word it stands for);
        with ``among``, only those papers are looked at (see ``tuning.NARROW_SHARE``)."""
        if len(term) < tuning.ABSTRACT_MIN or among is not None and not among:
            return 0
        prefix = prefix and len(term) >= tuning.ABSTRACT_PREFIX_MIN
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
        narrow = max(tuning.NARROW_MIN, self._n * tuning.NARROW_SHARE)
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
        assert step is not None, "a search with no words has no steps"
        return step

    def search(self, text: str | Query, limit: int | None = None) -> Hits:
        with gc_paused():
            hits = self._search(text)
        return hits._cut(limit) if limit else hits

    def _search(self, text: str | Query) -> Hits:
        q = parse_query(text) if isinstance(text, str) else text
        if q.errors:  # a query that cannot be read matches nothing, never everything
            return Hits(self.papers)
        allowed = self._filter(q)
        terms = text_words(q.text)
        content = [t for t in terms if t not in STOPWORDS] or terms
        if not content:
            hits = Hits(self.papers)  # in library order
            hits._extend(self._all_positions if allowed is None else to_ids(allowed), 0.0, "filter")
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
        self._abstract_hits(hits, candidates & ~either, step.terms)
        return hits

    def _abstract_hits(self, hits: Hits, ids: int, terms: tuple[_Term, ...]) -> None:
        """Papers found only with the abstract's help rank by how many of the words
        their title or authors have (a typo-tolerant title match beats none), then
        in library order; all below every paper with all words in title or authors."""
        at_least = [ids]  # at_least[j]: papers with j or more words in title/authors
        for t in terms:
            for j in range(len(at_least) - 1, -1, -1):
                more = at_least[j] & t.either
                if j + 1 == len(at_least):
                    at_least.append(more)
                else:
                    at_least[j + 1] |= more
        at_least.append(0)
        for j in range(len(at_least) - 2, -1, -1):
            exactly = at_least[j] & ~at_least[j + 1]
            hits._extend(to_ids(exactly), 55.0 + 20.0 * j / len(terms), "abstract")

    def _title_hits(self, hits: Hits, ids: int, terms: tuple[_Term, ...], phrase: str) -> None:
        if ids.bit_count() > tuning.FULL_SCORE_LIMIT:
            # rank by how exactly the first word matched, then year
            first = terms[0].title
            for sim in sorted(first, reverse=True):
                hits._extend(to_ids(first[sim] & ids), 100.0 + 80.0 * sim, "title")
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
            ids_ = to_ids(members)
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
        if ids.bit_count() > tuning.FULL_SCORE_LIMIT:
            hits._extend(to_ids(ids), 85.0, "author")
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
            hits._extend(to_ids(scores[score]), score, "author")

    def highlight(self, text: str | Query) -> Highlight:
        """The words the query matches, per field, for showing why a paper is a hit
        (see :mod:`.highlight`)."""
        q = parse_query(text) if isinstance(text, str) else text
        return highlight.build(q, self._titles, self._authors)


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
