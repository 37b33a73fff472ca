"""The search's shortcuts (caches, narrow abstract scans, hits made when looked at, lists
made from where the hits are) give the same answers as the long way."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import paperscope.search.bits as search
import paperscope.search.tuning as tuning
from paperscope.browse import SORTS, LibrarySnapshot
from paperscope.search import SearchIndex

QUERIES = [
    "sparse",
    "sparse trai",
    "sparse trainng",
    "vision transformer",
    "transfomer pruning",
    "efficient",
    "au:yuan",
    "au:yuan sparse",
    "year:2022-2023 pruning",
    "has:code vision",
    "cat:cv",
    "edge devices",
    "github",
    "diffusion model",
    "llm",
    "mobile phones real-time",
    "src:feed token",
    "is:marked",
    "a",
    "zz",
    "continual learnig",
]


def _hits(index: SearchIndex, query: str) -> list[tuple]:
    return [(h.paper.id, h.score, h.where) for h in index.search(query)]


def _typed(queries: list[str]) -> list[str]:
    return [q[:i] for q in queries for i in range(1, len(q) + 1)]


@pytest.fixture
def papers(seed_library):
    papers = seed_library.papers()
    for p in papers[::5]:
        p.marked = True
    return papers


def test_narrow_abstract_scans_find_what_the_full_text_index_finds(papers, monkeypatch):
    queries = _typed(QUERIES)
    monkeypatch.setattr(tuning, "NARROW_MIN", 0)
    monkeypatch.setattr(tuning, "NARROW_SHARE", 0.0)
    wide = {q: _hits(SearchIndex(papers), q) for q in queries}
    monkeypatch.setattr(tuning, "NARROW_SHARE", 1.0)  # always scan the papers left
    narrow = SearchIndex(papers)
    assert {q: _hits(narrow, q) for q in queries} == wide


def test_cached_answers_equal_fresh_ones_in_any_order(papers):
    queries = _typed(QUERIES)
    warm = SearchIndex(papers)
    for q in queries:  # fill every cache
        warm.search(q)
    for q in reversed(queries):
        assert _hits(warm, q) == _hits(SearchIndex(papers), q), q


def test_every_paper_list_is_not_shared_with_the_caller(papers):
    index = SearchIndex(papers)
    first = index.search("au:")  # a filter with no value: every paper
    first.clear()
    assert len(index.search("au:")) == len(papers)


def test_hits_read_like_a_list_without_being_made_all_at_once(papers):
    index = SearchIndex(papers)
    hits = index.search("sparse")
    made = list(hits)
    assert len(hits) == len(made) > 2 and hits == made and made == list(hits)
    assert hits[0] is made[0] and hits[-1] is made[-1] and hits[1:3] == made[1:3]
    assert [index.papers[i] for i in hits.positions] == [h.paper for h in made]
    with pytest.raises(IndexError):
        hits[len(hits)]
    assert index.search("sparse", limit=2) == made[:2]
    assert index.search("zzzzzz") == [] and not index.search("zzzzzz")


@pytest.mark.parametrize("query", ["sparse trai", "au:yuan", "year:2022-2023", "", "au:", "a"])
def test_the_shown_list_is_the_same_from_positions_as_from_ids(papers, query):
    """Search results say where their papers are; a plain list of hits is matched
    by paper id (the long way): both give the same list for every sort."""
    snapshot = LibrarySnapshot(papers, index=SearchIndex(papers))
    for sort in SORTS:
        snapshot.order(sort)
    hits = snapshot.index.search(query)
    author = type("Author", (), {"paper_ids": [p.id for p in papers[::3]]})()
    for sort in SORTS:
        for who in (None, author):
            assert snapshot.select(sort, who, hits) == snapshot.select(sort, who, list(hits))
    # hits of another library (a search made before a reload) are matched by id
    other = SearchIndex(list(papers)).search(query)
    assert snapshot.select("year", None, other) == snapshot.select("year", None, list(hits))


@given(st.sets(st.integers(0, 999)), st.integers(1000, 1100))
def test_bitsets_round_trip(ids, n):
    assert search.to_ids(search.to_bits(ids, n)) == sorted(ids)


def test_dense_and_empty_bitsets():
    for ids in (range(0, 1000, 2), range(1000), [999], []):
        assert search.to_ids(search.to_bits(ids, 1000)) == list(ids)
    assert search.to_bits([], 0) == 0 and search.to_ids(0) == []
