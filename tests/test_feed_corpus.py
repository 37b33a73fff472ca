"""The feed parser on real titles and author lists: a ratchet on a fixed sample (issue 15).

TARGET (issue 15): >= 99.7% of papers exact, 0 lost, 0 merged, and every wrong
split flagged ``split_uncertain``. Today's parser is far from it; the ratchet
below holds it at today's measured counts so no change can make it worse, and
tells the developer to raise the bar when a change makes it better.

The whole corpus: ``PYTHONPATH=. python -m tests.feed_eval`` (see
``tests/corpora/feed/README.md``).
"""

from __future__ import annotations

import warnings

import pytest

from tests import feed_eval as fe

# Measured on the fixed sample below (all 867 hard-subset papers + plain pages),
# parser of session 4 (issue 15: punctuation trusted, arXiv name lexicon, flags, every
# wrong split flagged). Exact counts, not rounded: any regression fails.
# (Before issue 15: 1038 / 305 / 0 / 157; session 3: 1467 / 0 / 0 / 3.)
SAMPLE_PAPERS = 1500
BASE_EXACT = 1473  # never fewer
BASE_LOST = 0  # never more
BASE_MERGED = 0  # never more
BASE_SILENT_WRONG = 0  # wrong and not flagged: never more
# Right but flagged anyway: a check the user did for nothing. A ceiling, so that
# flagging every line cannot pass for honesty. Never more.
BASE_DOUBTED = 80


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[fe.Record]]:
    return fe.load_corpus()


@pytest.fixture(scope="module")
def summary(corpus: dict[str, list[fe.Record]]) -> dict:
    pages = fe.sample_pages(fe.build_pages(corpus), 1500)
    return fe.summarize(fe.evaluate(pages, fe.abstract_pool(corpus)), n_examples=3)


def test_corpus_is_real_sized_and_deduplicated(corpus: dict[str, list[fe.Record]]) -> None:
    records = [r for group in fe.GROUPS for r in corpus[group]]
    assert len(records) >= 10_000
    assert {r["source"] for r in records} == {"arxiv", "neurips"}
    keys = [fe.norm(r["title"]) for r in records]
    assert len(set(keys)) == len(keys)
    assert all(r["title"] and r["authors"] for r in records)
    hard = corpus["hard"]
    assert len(hard) >= 500 and all(r["hard"] for r in hard)
    assert not any(r["hard"] for g in ("arxiv", "neurips") for r in corpus[g])


def test_renderer_prints_the_feed_line_exactly() -> None:
    shown, et_al = fe.shown_authors(["Zhenglun Kong", "Haoyu Ma", "Geng Yuan", "Xin Meng"])
    line = fe.title_line("Vision Transformer Training", shown, et_al, ["harvard", "meta-ai"])
    assert line == (
        "Vision Transformer TrainingZhenglun Kong, Haoyu Ma, Geng Yuan et al."
        " \u00b7 harvard, meta-ai"
    )
    shown, et_al = fe.shown_authors(["Laurens van der Maaten", "Geoffrey Hinton"])
    assert fe.title_line("Visualizing Data using t-SNE", shown, et_al, []) == (
        "Visualizing Data using t-SNELaurens van der Maaten, Geoffrey Hinton"
    )
    assert not et_al


def test_pages_are_deterministic_and_cover_every_record(
    corpus: dict[str, list[fe.Record]],
) -> None:
    pages = fe.build_pages(corpus)
    assert sum(len(p.records) for p in pages) == sum(len(corpus[g]) for g in fe.GROUPS)
    assert {p.with_meta for p in pages} == {True, False}
    pool = fe.abstract_pool(corpus)
    first = fe.render_page(pages[0], pool)
    assert first == fe.render_page(pages[0], pool)
    text, expected = first
    assert len({e.key for e in expected}) == len(expected)  # abstracts unique on a page
    assert all(e.line in text for e in expected)


def test_wrong_kinds_name_the_shape() -> None:
    rec = {"title": "T", "authors": ["KyungHyun Cho"], "source": "x"}
    exp = fe.Expected(rec, "Neural MT", ["KyungHyun Cho"], False, "a" * 60, "", "plain")
    assert fe.wrong_kind(exp, "Neural MTKyung", ["Hyun Cho"], False) == "first_name_cut"
    assert fe.wrong_kind(exp, "Neural MTKyungHyun Cho", [], False) == "whole_line_as_title"
    assert fe.wrong_kind(exp, "Neural", ["MTKyungHyun Cho"], False) == "title_end_read_as_name"
    assert fe.wrong_kind(exp, "Neural MT", ["Cho"], False) == "authors_or_et_al_wrong"
    exp2 = fe.Expected(rec, "Neural MT", ["Kyung Cho", "Ann Lee"], False, "a" * 60, "", "p")
    assert fe.wrong_kind(exp2, "Neural MTKyung Cho", ["Ann Lee"], False) == (
        "author_pushed_into_title"
    )


def test_ratchet_on_the_fixed_sample(summary: dict) -> None:
    r = summary["rates"]["all"]
    assert r["papers"] == SAMPLE_PAPERS, "the sample changed: re-measure and update the bases"
    assert summary["pages_not_read_as_feed"] == 0
    assert r["merged"] <= BASE_MERGED, summary["examples"].get("merged")
    assert r["lost"] <= BASE_LOST, summary["examples"].get("lost")
    assert r["wrong"] <= BASE_SILENT_WRONG, r["wrong_kinds"]
    assert r["exact"] >= BASE_EXACT, r
    assert r["doubted"] <= BASE_DOUBTED, r
    better = (
        r["exact"] > BASE_EXACT
        or r["lost"] < BASE_LOST
        or r["merged"] < BASE_MERGED
        or r["wrong"] < BASE_SILENT_WRONG
        or r["doubted"] < BASE_DOUBTED
    )
    if better:
        warnings.warn(
            f"feed corpus improved (exact {r['exact']}, lost {r['lost']}, merged "
            f"{r['merged']}, silently wrong {r['wrong']}, right but flagged "
            f"{r['doubted']}): raise the BASE_* numbers in "
            "tests/test_feed_corpus.py to lock it in",
            stacklevel=1,
        )


# The held-out set (PMLR and conference lists, tests/corpora/feed/README.md): first
# measured at 9,289 exact / 12 flagged / 3 silently wrong / 0 / 0 before any rule
# looked at it; three fixes for what it showed (an en dash in a given name, a
# camel-case surname cut in two). Whole set, exact counts: never worse.
FRESH_EXACT = 9290
FRESH_DOUBTED = 32


def test_ratchet_on_the_held_out_set() -> None:
    fresh = fe.load_corpus(groups=fe.HELD_OUT)
    summary = fe.summarize(fe.evaluate(fe.build_pages(fresh), fe.abstract_pool(fresh)))
    r = summary["rates"]["all"]
    assert r["papers"] >= 9000 and summary["pages_not_read_as_feed"] == 0
    assert (r["lost"], r["merged"], r["wrong"]) == (0, 0, 0), summary["examples"]
    assert r["exact"] >= FRESH_EXACT and r["doubted"] <= FRESH_DOUBTED, r
