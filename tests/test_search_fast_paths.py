"""The search's shortcuts (caches, narrow abstract scans) give the same hits as the long way."""

from __future__ import annotations

import pytest

import paperscope.search as search
from paperscope.search import SearchIndex

QUERIES = [
    "sparse", "sparse trai", "sparse trainng", "vision transformer", "transfomer pruning",
    "efficient", "au:yuan", "au:yuan sparse", "year:2022-2023 pruning", "has:code vision",
    "cat:cv", "edge devices", "github", "diffusion model", "llm", "mobile phones real-time",
    "src:feed token", "is:marked", "a", "zz", "continual learnig",
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
    monkeypatch.setattr(search, "NARROW_MIN", 0)
    monkeypatch.setattr(search, "NARROW_SHARE", 0.0)
    wide = {q: _hits(SearchIndex(papers), q) for q in queries}
    monkeypatch.setattr(search, "NARROW_SHARE", 1.0)  # always scan the papers left
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
