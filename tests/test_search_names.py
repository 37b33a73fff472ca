"""One rule for a typed name (``au:``, the app's author filter, its palette), and the
words a query matched, for highlighting (``paperscope.search``)."""

from __future__ import annotations

import pytest

from paperscope.records import LibraryPaper
from paperscope.search import SearchIndex, WordMatch, name_matcher, parse_query

NAMES = [
    "Léon Bottou",
    "Joaquin Quiñonero-Candela",
    "Laurens van der Maaten",
    "Yingyan Lin",
    "Jan Kalinowski",
    "Sheng Li 0019",
    "Müller Straße",
    "Olivier Bousquet",
]


@pytest.mark.parametrize(
    ("typed", "name", "found"),
    [
        ("leon", "Léon Bottou", True),
        ("LÉON", "Leon Bottou", True),
        ("bottou", "Léon Bottou", True),
        ("leon bot", "Léon Bottou", True),
        ("bottou leon", "Léon Bottou", False),  # words in the order of the name
        ("quinonero", "Joaquin Quiñonero-Candela", True),
        ("quinonero candela", "Joaquin Quiñonero-Candela", True),
        ("quiñonero-candela", "Joaquin Quiñonero-Candela", True),
        ("candela", "Joaquin Quiñonero-Candela", True),
        ("van der m", "Laurens van der Maaten", True),
        ("an der", "Laurens van der Maaten", False),  # a word's start, not its middle
        ("lin", "Yingyan Lin", True),
        ("lin", "Jan Kalinowski", False),
        ("strasse", "Müller Straße", True),
        ("Sheng Li", "Sheng Li 0019", True),
    ],
)
def test_one_rule_for_a_typed_name(typed, name, found):
    matches = name_matcher(typed)
    assert matches is not None and matches(name) is found


def test_nothing_typed_matches_no_name_rather_than_every_name():
    assert name_matcher("") is None and name_matcher("  ,; ") is None


def _papers() -> list[LibraryPaper]:
    return [
        LibraryPaper(id=f"p{i}", title=f"Paper {i} on learning", authors=[name, "Co Author"])
        for i, name in enumerate(NAMES)
    ]


@pytest.mark.parametrize(
    "typed", ["leon", "quinonero", "quinonero candela", "van der m", "lin", "li", "strasse"]
)
def test_au_finds_exactly_the_papers_the_rule_finds(typed):
    papers = _papers()
    index = SearchIndex(papers)
    matches = name_matcher(typed)
    assert matches is not None
    expected = {p.id for p in papers if any(matches(a) for a in p.authors)}
    found = {h.paper.id for h in index.search(f'au:"{typed}"')}
    assert found == expected and found


def _spans(match: WordMatch, text: str) -> list[str]:
    return [text[a:b] for a, b in match.spans(text)]


def test_a_typo_tolerant_query_highlights_the_words_it_matched():
    papers = [
        LibraryPaper(
            id="a",
            title="Denoising Diffusion Probabilistic Models",
            authors=["Jonathan Ho", "Léon Bottou"],
            abstract="We present high quality image synthesis using diffusion models.",
        ),
        LibraryPaper(id="b", title="Sparse Training", authors=["Geng Yuan"], abstract="Edge."),
    ]
    index = SearchIndex(papers)
    query = parse_query("difusion modles")  # sic: both misspelt
    assert [h.paper.id for h in index.search(query)] == ["a"]
    marks = index.highlight(query)
    assert _spans(marks.title, papers[0].title) == ["Diffusion", "Models"]
    assert _spans(marks.abstract, papers[0].abstract) == ["diffusion", "models"]
    assert _spans(marks.title, papers[1].title) == []
    # the word being typed stands for the longer words it starts, as in the search
    typing = index.highlight("probab")
    assert _spans(typing.title, papers[0].title) == ["Probabilistic"]
    # filters: au: in the authors, ti: in the title, accents and case folded
    marks = index.highlight("au:leon ti:denois")
    assert _spans(marks.authors, "Jonathan Ho, Léon Bottou") == ["Léon"]
    assert _spans(marks.title, papers[0].title) == ["Denoising"]
    assert not marks.abstract
    # a query that cannot be read matched nothing, so nothing is highlighted
    assert not index.highlight("diffusion year:abc")
    assert not index.highlight("")


def test_spans_keep_the_text_as_written():
    match = WordMatch(frozenset({"leon"}), ("quinon",))
    text = "Le\u0301on Bottou, LÉON, Quiñonero-Candela, leonardo"
    assert _spans(match, text) == ["Le\u0301on", "LÉON", "Quiñonero"]
    assert WordMatch().spans(text) == [] and not WordMatch()
