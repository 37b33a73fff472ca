"""Search: typo-tolerant words, titles over authors over abstracts, filters as sets."""

from __future__ import annotations

import sqlite3

import pytest

from paperscope.records import LibraryPaper, Source
from paperscope.search import SearchIndex, fold, parse_query


def paper(pid, title, authors=(), abstract=None, year=2023, **kw) -> LibraryPaper:
    sources = kw.pop("sources", [])
    return LibraryPaper(
        id=pid,
        title=title,
        authors=list(authors),
        abstract=abstract,
        year=year,
        sources=sources,
        **kw,
    )


def src(fmt: str, name: str, subject: str | None = None) -> Source:
    return Source(
        file=f"/pages/{name}",
        sha256="0",
        format=fmt,
        subject=subject,
        page_key=name,
        position=1,
        imported_at="2026-01-01T00:00:00Z",
        record={},
    )


PAPERS = [
    paper(
        "a",
        "Efficient Vision Transformers at MobileNet Speed",
        ["Yanyu Li", "Geng Yuan"],
        "We design fast models.",
        2022,
        venue="NeurIPS",
        venue_type="Conference",
        has_code=True,
        sources=[src("author-cluster", "000_x.txt", "Geng Yuan")],
    ),
    paper(
        "b",
        "Sparse Training on the Edge",
        ["Wei Niu", "Geng Yuan 0019"],
        "Efficient training of sparse networks with a tri-level scheme.",
        2021,
        category="LG",
        links=["https://github.com/x/y"],
        sources=[src("feed", "001_y.txt")],
    ),
    paper(
        "c",
        "Learning to Rank Abstracts",
        ["José Pérez"],
        "An efficient approach for the ranking of abstracts.",
        2023,
        category="CV",
        sources=[src("trending", "003_z.txt")],
    ),
    paper(
        "d",
        "Data Level Lottery Ticket Hypothesis",
        ["Xuan Shen", "Geng Yuan"],
        "Lottery tickets found early.",
        2023,
        venue="IJCAI",
        venue_type="Conference",
        sources=[src("profile", "002_w.txt")],
        marked=True,
    ),
    paper("e", "Unrelated Work on Proteins", ["Ana Yuanita"], "Folding proteins.", 2019),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(PAPERS)


def ids(hits) -> list[str]:
    return [h.paper.id for h in hits]


def test_a_misspelt_title_word_puts_the_paper_first(index):
    hits = index.search("efficent")  # sic
    assert hits[0].paper.id == "a" and hits[0].where == "title"
    # the abstracts that say "efficient" follow the title match
    assert set(ids(hits)) == {"a", "b", "c"}
    assert [h.where for h in hits] == ["title", "abstract", "abstract"]


def test_words_being_typed_match_as_prefixes(index):
    assert ids(index.search("lott"))[0] == "d"
    assert ids(index.search("vision transf")) == ["a"]
    assert ids(index.search("spar trai")) == ["b"]


def test_swapped_letters_and_missing_letters_are_typos(index):
    assert "d" in ids(index.search("lotery tikcet"))
    assert ids(index.search("yaun"))[:3] and {"a", "b", "d"} <= set(ids(index.search("yaun")))


def test_every_word_must_match_somewhere(index):
    assert ids(index.search("sparse yuan")) == ["b"]  # title + author
    assert index.search("sparse proteins") == []


def test_titles_rank_over_authors_over_abstracts(index):
    hits = index.search("tri level")  # only an abstract says it
    assert ids(hits) == ["b"] and hits[0].where == "abstract"
    hits = index.search("geng yuan")
    assert {h.where for h in hits} == {"author"}
    assert set(ids(hits)) >= {"a", "b", "d"}
    hits = index.search("ranking")  # the title says "Rank", the abstract "ranking"
    assert ids(hits) == ["c"]


def test_stopwords_neither_filter_nor_score(index):
    assert ids(index.search("lottery for the ticket")) == ["d"]


def test_accents_and_case_fold(index):
    assert ids(index.search("jose perez")) == ["c"]
    assert ids(index.search("au:pérez")) == ["c"]
    assert fold("Ärger Ñandú") == "arger nandu"


def test_filters(index):
    # a name word starting with the value: Yuan, and Yuanita too
    assert set(ids(index.search("au:yuan"))) == {"a", "b", "d", "e"}
    assert ids(index.search("au:yuani")) == ["e"]
    assert ids(index.search('au:"geng yuan" year:2021')) == ["b"]
    assert set(ids(index.search("year:2021-2022"))) == {"a", "b"}
    assert set(ids(index.search("year:2022-"))) == {"a", "c", "d"}
    assert ids(index.search("venue:neurips")) == ["a"]
    assert set(ids(index.search("venue:conference"))) == {"a", "d"}
    assert ids(index.search("cat:l")) == ["b"]
    # a code-host link in the abstract is code too (issue 14): b links to GitHub
    assert ids(index.search("has:code")) == ["a", "b"]
    assert ids(index.search("has:link")) == ["b"]
    assert ids(index.search("src:trending")) == ["c"]
    assert ids(index.search("src:002_")) == ["d"]
    assert ids(index.search("src:geng")) == ["a"]  # the page's subject
    assert ids(index.search("is:marked")) == ["d"]
    assert ids(index.search("ti:lottery")) == ["d"]
    assert ids(index.search("ti:mobilenet efficient")) == ["a"]
    assert index.search("year:1990") == []


def test_filter_only_queries_keep_library_order_and_limit(index):
    assert ids(index.search("year:2019-2023")) == ["a", "b", "c", "d", "e"]
    assert ids(index.search("year:2019-2023", limit=2)) == ["a", "b"]
    assert len(index.search("")) == len(PAPERS)


def test_bad_filters_are_reported_not_raised():
    q = parse_query('year:20x au:"unbalanced')
    assert q.errors and "year:20x" in q.errors[0]


def test_without_fts5_abstracts_are_scanned(monkeypatch):
    real_connect = sqlite3.connect

    class NoFTS:
        def __init__(self, *a, **kw):
            self._db = real_connect(*a, **kw)

        def execute(self, sql, *args):
            if "fts5" in sql:
                raise sqlite3.OperationalError("no such module: fts5")
            return self._db.execute(sql, *args)

    monkeypatch.setattr(sqlite3, "connect", NoFTS)
    index = SearchIndex(PAPERS)
    assert ids(index.search("tri level")) == ["b"]
    assert set(ids(index.search("efficent"))) == {"a", "b", "c"}
    assert ids(index.search("folding")) == ["e"]
    assert ids(index.search("fold")) == ["e"]  # a word being typed is a prefix
    assert ids(index.search("tri")) == ["b"]  # short words: whole words only
    assert index.search("trilev") == []  # three letters and more: still word starts only


def test_a_typo_tolerant_title_match_outranks_abstract_only_matches():
    papers = [
        paper(
            "new1",
            "Pruning Convolutional Networks",
            abstract="a diffusion model everywhere",
            year=2025,
        ),
        paper("new2", "Caching for DiT", abstract="we speed up the diffusion model", year=2024),
        paper(
            "old", "SnapFusion: Text-to-Image Diffusion Model on Mobile", abstract="fast", year=2021
        ),
        paper("half", "Video Diffusion on Phones", abstract="a model for phones", year=2022),
    ]
    order = ids(SearchIndex(papers).search("difusion modles"))
    assert order[0] == "old"  # both words in the title, each a typo off
    assert order.index("half") < order.index("new1") and order.index("half") < order.index("new2")


def test_venue_former_names_archive_prefixed_categories_and_code_links():
    papers = [
        paper("n", "A", venue="NeurIPS", venue_type="Conference"),
        paper("c", "B", category="CV"),
        paper("g", "C", links=["https://github.com/org/repo"]),
        paper("w", "D", links=["https://example.org/paper"]),
    ]
    index = SearchIndex(papers)
    assert ids(index.search("venue:nips")) == ["n"]
    assert ids(index.search("cat:cs.CV")) == ["c"]
    assert ids(index.search("has:code")) == ["g"]


def test_a_title_filter_with_punctuation_finds_the_title():
    papers = [paper("f", "FlashMem: Supporting Modern DNN Workloads"), paper("o", "Other")]
    assert ids(SearchIndex(papers).search('ti:"FlashMem: Supporting modern"')) == ["f"]


def test_is_unsure_finds_papers_whose_split_a_page_doubted():
    doubted = src("feed", "001_y.txt")
    doubted.record = {"title": "X", "split_uncertain": True}
    papers = [paper("u", "Unsure one", sources=[doubted]), paper("s", "Sure one")]
    assert ids(SearchIndex(papers).search("is:unsure")) == ["u"]
    assert ids(SearchIndex(papers).search("one is:unsure")) == ["u"]
