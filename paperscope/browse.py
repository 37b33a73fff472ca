"""Browsing: what the paper list shows, as a use case both front ends can call.

A :class:`LibrarySnapshot` is built off the UI thread from one read of the
library and is immutable once built: papers in library order, author clusters,
the search index and lazily computed sort orders. Search hits say where their
papers are, so their list is a sort of those places in a precomputed order
(other lists a single pass over it), and re-sorting and re-filtering stay cheap
at 100,000 papers.

:class:`BrowseState` holds the user's choices over a snapshot (search text and
its results, sort, author) and the rules that tie them together, e.g. a search
sorts by relevance until the user picks another sort. No Textual here: the
rules are tested without an app, and the screen only draws what they decide.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from paperscope.authors import AuthorCluster, build_clusters, display_name, ranked
from paperscope.records import LibraryPaper
from paperscope.search import Highlight, Hit, Query, SearchIndex, fold, parse_query

# The sorts `s` cycles through; "relevance" only while free text is searched.
SORTS = ("relevance", "year", "title", "score", "venue", "author", "sources")
# Each sort's label, as it runs by default and turned around (`S`, or a second click).
SORT_LABELS = {
    "relevance": "relevance",
    "year": "year ↓",
    "title": "title A–Z",
    "score": "score ↓",
    "venue": "venue A–Z",
    "author": "first author A–Z",
    "sources": "sources ↓",
}
REVERSED_LABELS = {
    "relevance": "relevance, weakest first",
    "year": "year ↑",
    "title": "title Z–A",
    "score": "score ↑",
    "venue": "venue Z–A",
    "author": "first author Z–A",
    "sources": "sources ↑",
}


def sort_label(sort: str, reverse: bool = False) -> str:
    return (REVERSED_LABELS if reverse else SORT_LABELS)[sort]


@dataclass(frozen=True, slots=True)
class Coauthor:
    key: str  # the co-author's cluster key
    name: str
    papers: int  # papers written together


def _title_key(p: LibraryPaper) -> str:
    return p.title.lstrip("\"'([{$\\ ").casefold()


def _score_key(p: LibraryPaper) -> float:
    # papers without a score last; ties keep the library order (newest first)
    return -p.score if p.score is not None else float("inf")


def _venue_key(p: LibraryPaper) -> tuple[bool, str]:
    return (not p.venue_or_category, p.venue_or_category.casefold())


def _author_keys(papers: list[LibraryPaper]) -> list[str]:
    """The first author as the column shows it (no DBLP number), accents folded
    (Émile by Emma); worked out once per name, papers without authors last."""
    firsts = [p.authors[0] if p.authors else "" for p in papers]
    folded = {name: fold(display_name(name)) if name else "\U0010ffff" for name in set(firsts)}
    return list(map(folded.__getitem__, firsts))


def _sources_key(p: LibraryPaper) -> int:
    return -len(p.sources)  # seen on most pages first


_SORT_KEYS: dict[str, Callable[[LibraryPaper], Any]] = {
    "title": _title_key,
    "score": _score_key,
    "venue": _venue_key,
    "sources": _sources_key,
}
# Sorts whose keys are worked out for all papers at once.
_SORT_KEY_LISTS: dict[str, Callable[[list[LibraryPaper]], list[str]]] = {
    "author": _author_keys,
}
# What a sort has nothing to go by: such papers come last both ways round.
_MISSING: dict[str, Callable[[LibraryPaper], bool]] = {
    "year": lambda p: not p.year,
    "score": lambda p: p.score is None,
    "venue": lambda p: not p.venue_or_category,
    "author": lambda p: not (p.authors and p.authors[0]),
}


@dataclass
class LibrarySnapshot:
    papers: list[LibraryPaper]  # library order: newest year first, then title
    version: int = 0
    subjects: list[str] = field(default_factory=list)
    clusters: dict[str, AuthorCluster] | None = None  # None until built
    ranked: list[AuthorCluster] = field(default_factory=list)
    index: SearchIndex | None = None  # None until built
    _orders: dict[str, list[LibraryPaper]] = field(default_factory=dict, repr=False)
    # per sort: each paper's place in that order, by library position
    _ranks: dict[str, array[int]] = field(default_factory=dict, repr=False)

    @property
    def complete(self) -> bool:
        return self.clusters is not None and self.index is not None

    def completed(self) -> LibrarySnapshot:
        """A copy with clusters and search index built (slow: call it in a worker)."""
        clusters = build_clusters(self.papers, self.subjects)
        done = LibrarySnapshot(
            papers=self.papers,
            version=self.version,
            subjects=self.subjects,
            clusters=clusters,
            ranked=ranked(clusters),
            index=SearchIndex(self.papers),
            _orders=self._orders,
            _ranks=self._ranks,
        )
        for sort in SORTS:  # so that the first `s` is as quick as the next ones
            done.order(sort)
        return done

    def order(self, sort: str, reverse: bool = False) -> list[LibraryPaper]:
        """All papers in ``sort`` order (``reverse``: turned around, papers the sort
        has nothing to go by still last), computed once per snapshot."""
        if sort == "relevance":
            sort = "year"
        if sort == "year" and not reverse:
            return self.papers
        name = sort + "-" if reverse else sort
        cached = self._orders.get(name)
        if cached is None:
            if sort not in _SORT_KEYS and sort not in _SORT_KEY_LISTS and sort != "year":
                raise ValueError(f"unknown sort {sort!r}")
            papers = self.papers
            perm: Sequence[int]
            if not reverse:
                if sort in _SORT_KEY_LISTS:
                    keys = _SORT_KEY_LISTS[sort](papers)
                else:
                    keys = list(map(_SORT_KEYS[sort], papers))
                perm = sorted(range(len(papers)), key=keys.__getitem__)  # stable
            else:
                perm = self._reversed(sort)
            cached = list(map(papers.__getitem__, perm))
            ranks = array("I", bytes(4 * len(perm)))
            for r, i in enumerate(perm):
                ranks[i] = r
            self._ranks[name] = ranks
            self._orders[name] = cached
        return cached

    def _reversed(self, sort: str) -> Sequence[int]:
        """Library positions in ``sort`` order turned around, what it cannot order last."""
        forward = self.order(sort)
        rank = self._ranks.get(sort)
        if rank is None:  # the library order itself
            ahead = array("I", range(len(forward)))
        else:
            ahead = array("I", bytes(4 * len(forward)))  # the forward order's positions
            for i, r in enumerate(rank):
                ahead[r] = i
        missing = _MISSING.get(sort)
        if missing is None:
            return ahead[::-1]
        if sort != "year":  # their keys put what they cannot order last: find where
            present = bisect_left(forward, True, key=missing)
            return ahead[:present][::-1] + ahead[present:]
        gone = list(map(missing, forward))
        perm = [i for i, g in zip(ahead, gone, strict=True) if not g][::-1]
        return perm + [i for i, g in zip(ahead, gone, strict=True) if g]

    def select(
        self,
        sort: str,
        author: AuthorCluster | None = None,
        hits: Sequence[Hit] | None = None,
        reverse: bool = False,
    ) -> list[LibraryPaper]:
        """The papers to list: the author's, among the hits, in ``sort`` order."""
        allowed = set(author.paper_ids) if author is not None else None
        if hits is not None:
            chosen = self._hit_papers(sort, hits, reverse)
            if chosen is not None:
                return chosen if allowed is None else [p for p in chosen if p.id in allowed]
            if sort == "relevance":
                ranked = [h.paper for h in hits if allowed is None or h.paper.id in allowed]
                return ranked[::-1] if reverse else ranked
            ids = {h.paper.id for h in hits}
            if allowed is not None:
                ids &= allowed
            allowed = ids
        order = self.order(sort, reverse)
        if allowed is None:
            return list(order)
        return [p for p in order if p.id in allowed]

    def _hit_papers(
        self, sort: str, hits: Sequence[Hit], reverse: bool = False
    ) -> list[LibraryPaper] | None:
        """The hits' papers in ``sort`` order, from where the hits say they are in the
        library (search results do): no Hit object is made, and a sort of the hits
        replaces a pass over every paper (at 100,000 papers tens of ms, each paper a
        cache miss). None when the hits do not say, or are of another library (a
        search made before a reload): then the papers are matched by id."""
        positions = getattr(hits, "positions", None)
        if positions is None or getattr(hits, "papers", None) is not self.papers:
            return None
        papers = self.papers
        if sort == "relevance":
            return list(map(papers.__getitem__, positions[::-1] if reverse else positions))
        order = self.order(sort, reverse)
        if len(positions) == len(order):  # every paper (an empty or a filter-only query)
            return list(order)
        if order is papers:
            return list(map(papers.__getitem__, sorted(positions)))
        rank = self._ranks.get(sort + "-" if reverse else sort)
        if rank is None:
            return None
        return list(map(order.__getitem__, sorted(map(rank.__getitem__, positions))))

    def search(self, text: str) -> tuple[Query, Sequence[Hit]] | None:
        """``text`` parsed and searched; None until the index is built (then the
        browser searches again). Slow at 100,000 papers: call it in a worker."""
        if self.index is None:
            return None
        query = parse_query(text)
        return query, self.index.search(query)

    def highlight(self, query: Query) -> Highlight | None:
        """The words ``query`` matched, to show in what is drawn (None: no index yet)."""
        return self.index.highlight(query) if self.index is not None else None

    def coauthors(self, cluster: AuthorCluster) -> list[Coauthor]:
        clusters = self.clusters or {}
        out = []
        for key, n in cluster.coauthors.most_common():
            other = clusters.get(key)
            out.append(Coauthor(key=key, name=other.name if other else key, papers=n))
        return out

    def marked_ids(self) -> set[str]:
        return {p.id for p in self.papers if p.marked}


class BrowseState:
    """The user's choices over the snapshot shown, and the list they make.

    Used from one thread (the UI's); searches run elsewhere and come back through
    :meth:`take_results`, tagged with the generation they were started for.
    """

    def __init__(self, loading_total: int | None = None) -> None:
        self.snapshot: LibrarySnapshot | None = None
        # While only a preview (the file's first papers) is shown: how many papers the
        # library holds. Actions on the whole library wait until it is read.
        self.loading_total = loading_total
        self.author: AuthorCluster | None = None
        self.query_text = ""
        self.query: Query | None = None  # the last query searched (None: no search)
        self.hits: Sequence[Hit] | None = None
        # The words the last query matched, to highlight (None: nothing searched).
        self.highlight: Highlight | None = None
        self.sort = "year"
        self.reverse = False  # the sort turned around
        self._sort_before_search = ("year", False)
        self.generation = 0  # of the newest search text; older results are dropped

    @property
    def reading(self) -> bool:
        return self.loading_total is not None

    @property
    def has_query(self) -> bool:
        return bool(self.query_text.strip())

    @property
    def searching_text(self) -> bool:
        """Free text is searched (not only filters): "relevance" is a sort then."""
        return bool(self.query and self.query.text)

    @property
    def total(self) -> int:
        if self.loading_total is not None:
            return self.loading_total
        return len(self.snapshot.papers) if self.snapshot else 0

    @property
    def clusters(self) -> list[AuthorCluster]:
        """The author clusters, most papers first; none until they are built."""
        snap = self.snapshot
        return snap.ranked if snap and snap.complete else []

    @property
    def sort_label(self) -> str:
        return sort_label(self.sort, self.reverse)

    def busy(self) -> list[str]:
        """What is still being prepared, as the status line says it."""
        if self.loading_total is not None:
            return [f"reading {self.loading_total:,} papers"]
        if self.snapshot is None or not self.snapshot.complete:
            return ["building author clusters and search index"]
        return []

    def load(self, snapshot: LibrarySnapshot, preview: bool = False) -> bool:
        """Show ``snapshot`` (a new read of the library). True when the search text
        must be searched again: the snapshot brings a new index."""
        if not preview:
            self.loading_total = None
        self.snapshot = snapshot
        if not snapshot.complete:
            return False
        if self.author is not None and snapshot.clusters is not None:
            self.author = snapshot.clusters.get(self.author.key)  # None: gone from the library
        return bool(self.query_text)

    def papers(self) -> list[LibraryPaper]:
        """The list as the user asked for it: the author's, among the hits, sorted."""
        if self.snapshot is None:
            return []
        return self.snapshot.select(self.sort, self.author, self.hits, self.reverse)

    def papers_among(self, ids: Collection[str]) -> list[LibraryPaper]:
        """The library's papers whose id is in ``ids``, in library order."""
        if self.snapshot is None:
            return []
        return [p for p in self.snapshot.papers if p.id in ids]

    def set_query(self, text: str) -> bool:
        """A new search text; False when it is the one shown already. An empty text
        ends the search at once; any other has to be searched (:meth:`next_search`)."""
        if text == self.query_text:
            return False
        self.query_text = text
        self.generation += 1
        if not text.strip():
            self.query = None
            self.hits = None
            self.highlight = None
            if self.sort == "relevance":
                self.sort, self.reverse = self._sort_before_search
        return True

    def next_search(self) -> int:
        """The generation of a search about to start; results of earlier ones are dropped."""
        self.generation += 1
        return self.generation

    def take_results(
        self,
        generation: int,
        query: Query,
        hits: Sequence[Hit],
        highlight: Highlight | None = None,
    ) -> bool:
        """Show a search's results; False (dropped) when a newer text is being searched.
        Free text sorts by relevance until the user picks a sort; the sort from before
        comes back when the free text goes."""
        if generation != self.generation:
            return False
        had_text = self.searching_text
        self.query = query
        self.hits = hits
        self.highlight = highlight or None
        if query.text and not had_text and self.sort != "relevance":
            self._sort_before_search = (self.sort, self.reverse)
            self.sort, self.reverse = "relevance", False
        elif not query.text and self.sort == "relevance":
            self.sort, self.reverse = self._sort_before_search
        return True

    def set_sort(self, sort: str, reverse: bool = False) -> None:
        if sort == "relevance" and not self.searching_text:
            sort = "year"
        self.sort, self.reverse = sort, reverse
        if sort != "relevance":
            self._sort_before_search = (sort, reverse)

    def reverse_sort(self) -> None:
        """Turn the list around (`S`): the same sort, the other way."""
        self.set_sort(self.sort, not self.reverse)

    def sort_clicked(self, sort: str) -> None:
        """A column's header clicked: sort by it, or turn it around if it is the sort."""
        if sort == self.sort:
            self.reverse_sort()
        else:
            self.set_sort(sort)

    def cycle_sort(self) -> None:
        """The next sort (`s`); relevance is one of them only while free text is searched."""
        options = [s for s in SORTS if s != "relevance" or self.searching_text]
        index = options.index(self.sort) if self.sort in options else -1
        self.set_sort(options[(index + 1) % len(options)])


@dataclass(frozen=True, slots=True)
class Place:
    """Where the user is: the author the list is narrowed to (a cluster key), the paper
    under the cursor (an id), and whether that paper is open for reading."""

    author: str | None = None
    paper: str | None = None
    reading: bool = False


class Trail:
    """Back and forward over the jumps between authors and papers, as vim's jump list.

    A jump (choosing an author, going to a co-author, opening a paper) records the
    place it leaves; going back returns there and remembers the place it leaves
    for going forward; a new jump forgets what was ahead. Moving the cursor is not
    a jump: the place a jump leaves has the cursor where it was then.
    """

    LIMIT = 100

    def __init__(self) -> None:
        self._back: list[Place] = []
        self._forward: list[Place] = []

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def jumped(self, left: Place) -> None:
        """The user jumps away from ``left``."""
        if not self._back or self._back[-1] != left:
            self._back.append(left)
            del self._back[: -self.LIMIT]
        self._forward.clear()

    def back(self, here: Place) -> Place | None:
        """Where going back from ``here`` leads (None: nowhere)."""
        return self._step(self._back, self._forward, here)

    def forward(self, here: Place) -> Place | None:
        return self._step(self._forward, self._back, here)

    @staticmethod
    def _step(source: list[Place], other: list[Place], here: Place) -> Place | None:
        while source:
            place = source.pop()
            if place != here:  # a place the user is at already is no step
                other.append(here)
                return place
        return None
