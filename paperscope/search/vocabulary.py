"""Title and author words -> papers: exact, prefix and typo-tolerant lookup."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from operator import itemgetter

from rapidfuzz import process
from rapidfuzz.distance import OSA

from . import tuning
from .bits import to_bits
from .query import typo_budget


class Vocabulary:
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
        assert postings is not None, "add() after freeze()"
        for w in dict.fromkeys(tokens):
            ids = postings.get(w)
            if ids is None:
                postings[w] = [i]
            else:
                ids.append(i)

    def freeze(self) -> None:
        postings, self._postings = self._postings, None
        assert postings is not None, "freeze() twice"
        words = sorted(postings)
        starts, ids, n = self._starts, self._ids, self.n
        dense_bits = []
        by_len: dict[int, list[str]] = {}
        starts.append(0)
        for k, w in enumerate(words):
            papers = postings[w]
            # a bitset takes n/8 bytes, a run 4 per paper: past n/64 papers the
            # bitset is at most twice as big and saves converting the run each time
            if len(papers) * 64 >= n:
                self._dense_ranks.append(k)
                dense_bits.append(to_bits(papers, n))
            else:
                ids.extend(papers)
            starts.append(len(ids))
            by_len.setdefault(len(w), []).append(w)
        # tuples, which the cyclic GC stops tracking (see SearchIndex._build)
        self.words = tuple(words)
        self._by_len = {size: tuple(ws) for size, ws in by_len.items()}
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
        bits = to_bits(self._ids[starts[lo] : starts[hi]], self.n) if starts[hi] > starts[lo] else 0
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
        return bits | to_bits(rare, self.n) if rare else bits

    def near(self, term: str) -> list[tuple[str, int]]:
        """Vocabulary words within ``term``'s typo budget, with their edits, closest
        first (rapidfuzz's order). Cached: the title levels, the abstract typos and
        the filters all ask, and a query's words come back on every keystroke."""
        found = self._typos.get(term)
        if found is None:
            budget = typo_budget(term)
            best: dict[str, int] = {}
            # A plural costs nothing: "modles" is "modle"+s, one swap from "model".
            singular = len(term) >= 5 and term.endswith("s") and not term.endswith("ss")
            for variant in (term, term[:-1]) if singular else (term,):
                if not budget:
                    break
                n = len(variant)
                choices: list[str] = []
                for size in range(n - budget, n + budget + 1):
                    choices += self._by_len.get(size, ())
                for w, edits, _ in process.extract(
                    variant, choices, scorer=OSA.distance, score_cutoff=budget, limit=None
                ):
                    if edits < best.get(w, budget + 1):
                        best[w] = edits
            found = sorted(best.items(), key=itemgetter(1))  # closest first, stable
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
                levels[round(tuning.PREFIX_SIM, 2)] = bits
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
