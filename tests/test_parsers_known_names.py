"""Names known from the library or the page (``parsers.known_names``).

The feed split asks ``may_start`` and ``run_starts`` before it builds a name,
so they may only say no where the full question (``known(name)``) says no:
otherwise a known first author would go unread. These tests hold them to
that on real names, and hold the split to reading every real line exactly
as it does with a plain ``name -> bool`` callable (which offers neither).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.feed_split import split_glued_line
from parsers.known_names import KnownNames, first_key_word
from parsers.names import name_key
from tests import feed_eval as fe


@pytest.fixture(scope="module")
def real_names() -> list[str]:
    corpus = fe.load_corpus(groups=("arxiv",))
    names = sorted({a for rec in corpus["arxiv"] for a in rec["authors"]})
    assert len(names) > 5000
    return names


def test_known_by_any_spelling_with_the_same_key() -> None:
    known = KnownNames(["Zhenglun Kong", "Wei Wang 0001", "danah boyd"])
    assert known("zhenglun kong") and known("Zhenglun  Kong") and known("Wei Wang 0002")
    assert known("Danah Boyd")
    assert not known("Zhenglun") and not known("Kong Zhenglun")
    assert len(known) == 3


def test_may_start_says_no_only_where_no_known_name_begins(real_names: list[str]) -> None:
    known = KnownNames(real_names[::2])
    rng = random.Random(7)
    for name in rng.sample(real_names, 3000):
        first, _, rest = name.partition(" ")
        if known(name):
            assert known.may_start(first), name
        if rest and not known.may_start(first):
            assert not known(first + " " + rest)
    # a word no known name begins with: the split need not build any name from it
    assert not known.may_start("Learningke")


def test_a_blank_word_may_start_any_name() -> None:
    """The key of " Chi Jin" is the key of "Chi Jin": a blank first word rules nothing out."""
    known = KnownNames(["Chi Jin"])
    for word in ("", " ", "\t", "\u00a0"):
        assert known.may_start(word)
        assert known(word + " Chi Jin")
    with pytest.raises(TypeError):
        known.add("Wei Wang")  # one name, not a list of its letters


@settings(max_examples=1000)
@given(
    st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=5),
    st.text(min_size=1, max_size=12),
    st.text(max_size=20),
)
def test_may_start_is_a_necessary_condition_for_any_text(
    names: list[str], word: str, rest: str
) -> None:
    known = KnownNames(names)
    for name in names:
        if name.strip():
            head = name.split(None, 1)[0]
            assert known.may_start(head) or not known(name)
    if not known.may_start(word):
        assert not known(word + " " + rest)
        assert not known(word)
    assert first_key_word(word) == (word.split()[0].casefold() if word.split() else "")


def test_run_starts_lists_the_tails_that_may_begin_a_known_name() -> None:
    known = KnownNames(["Ke Song", "Ming Liu", "Ed Lee"])
    # "…Learningke" + " Song": "ke" may start a known name, "arningke" may not
    run = "earningke"
    assert [run[q:] for q in known.run_starts(run)] == ["ke"]
    assert known.run_starts("oa") == ()
    known.add(["Oa Smith"])  # a new first word: what was remembered is asked again
    assert known.run_starts("oa") == (0,)
    assert [("xoa")[q:] for q in known.run_starts("xoa")] == ["oa"]
    assert (
        known.run_starts("xa") == ()
    )  # no known name begins "xa" (nor "a": a last letter is not tried)


def test_joined_with_a_plain_callable_asks_both() -> None:
    page = KnownNames(["Ke Song"])
    library_keys = {name_key("Haoyu Niu")}
    joined = page.joined(lambda name: name_key(name) in library_keys)
    assert joined("ke song") and joined("Haoyu Niu") and not joined("Ming Liu")
    # a plain callable cannot say where its names begin: every place may
    assert joined.may_start("Haoyu")  # type: ignore[attr-defined]
    assert joined.run_starts("abc") == (0, 1)  # type: ignore[attr-defined]
    assert page.joined(None) is page


def test_the_split_reads_every_real_line_as_with_a_plain_callable(
    real_names: list[str],
) -> None:
    """The fast questions change nothing: on 3,000 real feed lines (half their
    authors known, as after earlier imports) every reading, flag and alternative
    is the one a plain ``known`` callable gives."""
    corpus = fe.load_corpus(groups=("arxiv", "hard"))
    records = corpus["hard"] + corpus["arxiv"][:2500]
    rng = random.Random(3)
    names = [n for n in real_names if rng.random() < 0.5]
    known = KnownNames(names)
    keys = set(map(name_key, names))

    def plain(name: str) -> bool:
        return name_key(name) in keys

    differ = []
    for k, rec in enumerate(records):
        shown, et_al = fe.shown_authors(rec["authors"])
        line = fe.title_line(rec["title"], shown, et_al, ["mit"] if k % 3 == 0 else [])
        fast, slow = split_glued_line(line, known), split_glued_line(line, plain)
        if fast != slow:
            differ.append(line)
    assert len(records) >= 2500
    assert differ == []
