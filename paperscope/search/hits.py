"""What a search returns: hits in rank order, built lazily from runs of paper ids."""

from __future__ import annotations

import operator
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ..records import LibraryPaper


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
