"""What the app shows, built off the UI thread from one read of the library.

A snapshot is immutable once built: papers in library order, author clusters,
the search index and lazily computed sort orders. The screen combines it with
the user's choices (author, search hits, sort) through :meth:`select`: search
hits say where their papers are, so their list is a sort of those places in a
precomputed order (other lists a single pass over it), and re-sorting and
re-filtering stay cheap at 100,000 papers. No Textual here: it is tested
without an app.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperscope.authors import AuthorCluster, build_clusters, ranked
from paperscope.records import LibraryPaper
from paperscope.search import Hit, SearchIndex

# The sorts `s` cycles through; "relevance" only while free text is searched.
SORTS = ("relevance", "year", "title", "score", "venue")
SORT_LABELS = {
    "relevance": "relevance",
    "year": "year ↓",
    "title": "title A–Z",
    "score": "score ↓",
    "venue": "venue A–Z",
}


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


_SORT_KEYS = {"title": _title_key, "score": _score_key, "venue": _venue_key}


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
    _ranks: dict[str, array] = field(default_factory=dict, repr=False)

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

    def order(self, sort: str) -> list[LibraryPaper]:
        """All papers in ``sort`` order, computed once per snapshot."""
        if sort in ("year", "relevance"):
            return self.papers
        cached = self._orders.get(sort)
        if cached is None:
            if sort not in _SORT_KEYS:
                raise ValueError(f"unknown sort {sort!r}")
            papers = self.papers
            keys = list(map(_SORT_KEYS[sort], papers))
            perm = sorted(range(len(papers)), key=keys.__getitem__)  # stable, as sorted(papers)
            cached = list(map(papers.__getitem__, perm))
            rank = array("I", bytes(4 * len(perm)))
            for r, i in enumerate(perm):
                rank[i] = r
            self._ranks[sort] = rank
            self._orders[sort] = cached
        return cached

    def select(
        self,
        sort: str,
        author: AuthorCluster | None = None,
        hits: Sequence[Hit] | None = None,
    ) -> list[LibraryPaper]:
        """The papers to list: the author's, among the hits, in ``sort`` order."""
        allowed = set(author.paper_ids) if author is not None else None
        if hits is not None:
            chosen = self._hit_papers(sort, hits)
            if chosen is not None:
                return chosen if allowed is None else [p for p in chosen if p.id in allowed]
            if sort == "relevance":
                return [h.paper for h in hits if allowed is None or h.paper.id in allowed]
            ids = {h.paper.id for h in hits}
            if allowed is not None:
                ids &= allowed
            allowed = ids
        order = self.order(sort)
        if allowed is None:
            return list(order)
        return [p for p in order if p.id in allowed]

    def _hit_papers(self, sort: str, hits: Sequence[Hit]) -> list[LibraryPaper] | None:
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
            return list(map(papers.__getitem__, positions))
        order = self.order(sort)
        if len(positions) == len(order):  # every paper (an empty or a filter-only query)
            return list(order)
        if order is papers:
            return list(map(papers.__getitem__, sorted(positions)))
        rank = self._ranks.get(sort)
        if rank is None:
            return None
        return list(map(order.__getitem__, sorted(map(rank.__getitem__, positions))))

    def coauthors(self, cluster: AuthorCluster) -> list[Coauthor]:
        clusters = self.clusters or {}
        out = []
        for key, n in cluster.coauthors.most_common():
            other = clusters.get(key)
            out.append(Coauthor(key=key, name=other.name if other else key, papers=n))
        return out

    def marked_ids(self) -> set[str]:
        return {p.id for p in self.papers if p.marked}
