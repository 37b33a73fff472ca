"""What the paper list shows, decided without an app: the snapshot's lists and the
rules that tie search, sort and author together (``paperscope.browse``)."""

from __future__ import annotations

import pytest

from paperscope.browse import BrowseState, LibrarySnapshot
from paperscope.store import Library


@pytest.fixture
def snapshot(seed_library: Library) -> LibrarySnapshot:
    lib = seed_library
    return LibrarySnapshot(lib.papers(), lib.version, lib.subjects()).completed()


def _searched(view: BrowseState, text: str) -> None:
    """Type ``text`` and let its search come back, as the app's worker does."""
    assert view.snapshot is not None
    if view.set_query(text) and view.has_query:
        generation = view.next_search()
        found = view.snapshot.search(text)
        assert found is not None
        assert view.take_results(generation, *found)


def test_select_combines_author_hits_and_sort(snapshot):
    geng = snapshot.clusters["geng yuan"]
    assert geng.is_subject and snapshot.ranked[0] is geng
    mine = snapshot.select("year", author=geng)
    assert len(mine) == 34 and {p.id for p in mine} == set(geng.paper_ids)
    hits = snapshot.index.search("efficent")
    by_relevance = snapshot.select("relevance", hits=hits)
    assert [p.id for p in by_relevance] == [h.paper.id for h in hits]
    both = snapshot.select("title", author=geng, hits=hits)
    assert {p.id for p in both} == {h.paper.id for h in hits} & set(geng.paper_ids)
    titles = [p.title.casefold() for p in both]
    assert titles == sorted(titles)
    by_score = snapshot.select("score")
    scored = [p.score for p in by_score if p.score is not None]
    assert scored == sorted(scored, reverse=True) and by_score[-1].score is None
    assert snapshot.order("title") is snapshot.order("title")  # computed once
    with pytest.raises(ValueError):
        snapshot.order("colour")


def test_coauthors_are_named_and_counted(snapshot):
    co = snapshot.coauthors(snapshot.clusters["geng yuan"])
    assert co[0].name == "Wei Niu" and co[0].papers == 14
    assert [c.papers for c in co] == sorted((c.papers for c in co), reverse=True)


def test_a_search_lists_best_matches_first_and_clearing_it_restores_the_sort(snapshot):
    view = BrowseState()
    view.load(snapshot)
    view.set_sort("title")
    _searched(view, "efficent")  # sic: typo-tolerant
    assert view.sort == "relevance" and view.sort_label == "relevance"
    listed = view.papers()
    assert listed[0].title.startswith("Efficient") and len(listed) == len(view.hits)
    assert len(listed) < len(snapshot.papers)
    assert view.set_query("") and not view.has_query
    assert view.sort == "title" and view.hits is None
    assert view.papers() == snapshot.order("title")


def test_a_sort_chosen_while_searching_stays_while_typing_on(snapshot):
    view = BrowseState()
    view.load(snapshot)
    _searched(view, "sparse")
    view.set_sort("score")
    _searched(view, "sparse training")
    assert view.sort == "score"
    scores = [p.score for p in view.papers() if p.score is not None]
    assert scores == sorted(scores, reverse=True)
    view.set_query("")
    assert view.sort == "score"


def test_results_of_an_older_keystroke_are_dropped(snapshot):
    view = BrowseState()
    view.load(snapshot)
    assert view.set_query("spars")
    old = view.next_search()
    assert view.set_query("sparse training")
    new = view.next_search()
    late = snapshot.search("spars")
    assert late is not None and not view.take_results(old, *late)
    assert view.hits is None and len(view.papers()) == len(snapshot.papers)
    fresh = snapshot.search("sparse training")
    assert fresh is not None and view.take_results(new, *fresh)
    assert [p.id for p in view.papers()] == [h.paper.id for h in fresh[1]]
    assert not view.set_query("sparse training")  # the same text: nothing to do


def test_filters_alone_keep_the_sort_and_relevance_is_offered_only_for_text(snapshot):
    view = BrowseState()
    view.load(snapshot)
    seen = []
    for _ in range(7):
        view.cycle_sort()
        seen.append(view.sort)
    assert seen == ["title", "score", "venue", "author", "sources", "year", "title"]
    view.set_sort("relevance")  # nothing searched: nothing to be relevant to
    assert view.sort == "year"
    _searched(view, "year:2023")
    assert view.sort == "year" and view.hits is not None
    assert {p.year for p in view.papers()} == {2023}
    _searched(view, "year:2023 transformer")
    assert view.sort == "relevance"
    view.cycle_sort()
    assert view.sort == "year"
    for _ in range(6):  # title, score, venue, author, sources, and relevance again
        view.cycle_sort()
    assert view.sort == "relevance"


def test_the_author_is_followed_into_a_new_read_of_the_library(snapshot, seed_library):
    view = BrowseState()
    view.load(snapshot)
    view.author = snapshot.clusters["geng yuan"]
    assert len(view.papers()) == 34
    _searched(view, "sparse")
    both = {p.id for p in view.papers()}
    assert both and both <= set(view.author.paper_ids)
    again = LibrarySnapshot(seed_library.papers(), seed_library.version, seed_library.subjects())
    assert not view.load(again)  # no index yet: searched again once it is built
    assert view.busy() == ["building author clusters and search index"]
    assert view.clusters == []
    assert view.load(again.completed())  # a new index: the text is searched again
    assert view.author is not None and view.author is not snapshot.clusters["geng yuan"]
    assert view.author.key == "geng yuan" and view.busy() == []


def test_an_author_gone_from_the_library_is_let_go(snapshot):
    view = BrowseState()
    view.load(snapshot)
    view.author = snapshot.clusters["geng yuan"]
    others = [p for p in snapshot.papers if p.id not in set(view.author.paper_ids)]
    without = LibrarySnapshot(others, snapshot.version + 1, []).completed()
    assert not view.load(without)  # nothing searched: nothing to search again
    assert view.author is None and len(view.papers()) == len(others)


def test_while_the_preview_is_shown_the_counts_are_the_whole_library(snapshot):
    head = LibrarySnapshot(snapshot.papers[:20], -1, [])
    view = BrowseState(loading_total=189)
    view.load(head, preview=True)
    assert view.reading and view.total == 189 and len(view.papers()) == 20
    assert view.busy() == ["reading 189 papers"]
    view.load(snapshot)
    assert not view.reading and view.total == len(snapshot.papers) == 189
    assert view.clusters[0].key == "geng yuan"


def test_papers_among_keeps_library_order(snapshot):
    view = BrowseState()
    assert view.papers() == [] and view.papers_among({"x"}) == []
    view.load(snapshot)
    wanted = {snapshot.papers[5].id, snapshot.papers[1].id, "no-such-id"}
    assert view.papers_among(wanted) == [snapshot.papers[1], snapshot.papers[5]]


@pytest.mark.parametrize("sort", ["year", "title", "score", "venue", "author", "sources"])
def test_every_sort_turns_around_with_what_it_cannot_order_still_last(snapshot, sort):
    from paperscope.browse import _MISSING, _SORT_KEY_LISTS, _SORT_KEYS

    forward = snapshot.order(sort)
    backward = snapshot.order(sort, reverse=True)
    assert sorted(p.id for p in backward) == sorted(p.id for p in snapshot.papers)
    missing = _MISSING.get(sort, lambda p: False)
    has = [p for p in forward if not missing(p)]
    assert [p for p in backward if not missing(p)] == has[::-1]
    assert [p for p in backward if missing(p)] == [p for p in forward if missing(p)]
    assert backward[len(has) :] == [p for p in forward if missing(p)]  # last, both ways
    if sort in _SORT_KEYS:
        keys = [_SORT_KEYS[sort](p) for p in forward]
        assert keys == sorted(keys)
    elif sort in _SORT_KEY_LISTS:
        keys = _SORT_KEY_LISTS[sort](forward)
        assert keys == sorted(keys)
    # the hits of a search are listed the same way, from positions or from ids
    hits = snapshot.index.search("sparse")
    geng = snapshot.clusters["geng yuan"]
    for who in (None, geng):
        fast = snapshot.select(sort, who, hits, reverse=True)
        assert fast == snapshot.select(sort, who, list(hits), reverse=True)
        assert [p for p in backward if p in fast] == fast


def test_first_author_and_sources_sorts(snapshot):
    by_author = snapshot.order("author")
    names = [p.authors[0] for p in by_author if p.authors]
    assert names[0].casefold() <= names[-1].casefold()
    assert not by_author[-1].authors  # the trending page's papers name no author
    by_sources = snapshot.order("sources")
    counts = [len(p.sources) for p in by_sources]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 3


def test_s_reverses_and_a_second_click_reverses_and_search_keeps_them_apart(snapshot):
    view = BrowseState()
    view.load(snapshot)
    view.reverse_sort()  # S
    assert view.sort == "year" and view.reverse and view.sort_label == "year ↑"
    years = [p.year for p in view.papers() if p.year]
    assert years == sorted(years) and view.papers()[-1].year is None
    view.sort_clicked("title")  # another column: its own way first
    assert (view.sort, view.reverse, view.sort_label) == ("title", False, "title A–Z")
    view.sort_clicked("title")  # the same column again: turned around
    assert (view.sort, view.reverse, view.sort_label) == ("title", True, "title Z–A")
    _searched(view, "sparse")
    assert view.sort == "relevance" and not view.reverse
    view.reverse_sort()
    assert view.sort_label == "relevance, weakest first"
    assert [p.id for p in view.papers()] == [h.paper.id for h in view.hits][::-1]
    view.set_query("")  # the sort from before the search, the same way round
    assert (view.sort, view.reverse) == ("title", True)
    view.cycle_sort()  # the next sort starts its own way round
    assert (view.sort, view.reverse) == ("score", False)


def test_a_search_brings_the_words_it_matched_and_clearing_it_drops_them(snapshot):
    view = BrowseState()
    view.load(snapshot)
    assert view.set_query("efficent")
    generation = view.next_search()
    query, hits = snapshot.search("efficent")
    assert view.take_results(generation, query, hits, snapshot.highlight(query))
    assert view.highlight is not None
    title = view.papers()[0].title
    assert [title[a:b] for a, b in view.highlight.title.spans(title)] == ["Efficient"]
    view.set_query("")
    assert view.highlight is None


def test_the_trail_goes_back_and_forward_over_jumps():
    from paperscope.browse import Place, Trail

    trail = Trail()
    start = Place(None, "p1")
    geng = Place("geng yuan", "p2")
    niu = Place("wei niu", "p3")
    assert trail.back(start) is None and not trail.can_go_back
    trail.jumped(start)  # enter on Geng Yuan
    trail.jumped(Place("geng yuan", "p2"))  # enter on a co-author, Wei Niu
    assert trail.back(niu) == geng and trail.can_go_forward
    assert trail.back(geng) == start
    assert trail.back(start) is None
    assert trail.forward(start) == geng and trail.forward(geng) == niu
    assert not trail.can_go_forward
    trail.back(niu)
    trail.jumped(Place("geng yuan", "p9", reading=False))  # a new jump: forward is gone
    assert not trail.can_go_forward
    # the place one is at already is skipped, and jumping twice from one place counts once
    trail = Trail()
    trail.jumped(start)
    trail.jumped(start)
    assert trail.back(start) is None
    for n in range(Trail.LIMIT + 20):
        trail.jumped(Place(None, f"p{n}"))
    steps = 0
    while trail.back(Place(None, "here")) is not None:
        steps += 1
    assert steps == Trail.LIMIT
