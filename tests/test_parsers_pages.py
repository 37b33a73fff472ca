"""Whole pages written by hand (``tests/pages/``), one per format, with the hard parts.

Each page holds a repeated paper, a paper without abstract or without authors,
multi-paragraph abstracts and extraction damage. The same page is then saved
the ways real files come (CRLF, BOM, trailing blanks, Windows-1252, UTF-16) and
cut off at awkward places.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parsers import parse_bytes, parse_text
from parsers.text import split_lines

PAGES = Path(__file__).parent / "pages"
SAVED = dt.date(2026, 11, 22)


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def parse(text: str, **kw):
    return parse_text(text, saved=SAVED, **kw)


def by_title(result) -> dict:
    return {p.title: p for p in result.papers}


def warned(result, *words: str) -> bool:
    return any(all(w in x for w in words) for x in result.warnings)


# --- the four pages, field by field -------------------------------------------


def test_author_cluster_page():
    result = parse(page("cluster_bottou.txt"))
    assert result.ok and result.format == "author-cluster"
    assert result.header["subject"] == "Léon Bottou"
    assert result.header["declared_papers"] == 8
    assert [p.title for p in result.papers] == [
        "Wasserstein Generative Adversarial Networks",
        "Optimization Methods for Large-Scale Machine Learning",
        "Counterfactual Reasoning and Learning Systems: The Example of Computational Advertising",
        "The Tradeoffs of Large Scale Learning",
        "Discovering Causal Signals in Images",
        "Natural Language Processing (Almost) from Scratch",
        "Gradient-Based Learning Applied to Document Recognition",
    ]
    papers = by_title(result)
    wgan = papers["Wasserstein Generative Adversarial Networks"]
    assert (wgan.venue, wgan.venue_type, wgan.pub_type, wgan.year) == (
        "ICML",
        "Conference",
        "Conference Paper",
        2017,
    )
    assert wgan.authors == ["Martín Arjovsky", "Soumith Chintala", "Léon Bottou"]
    assert wgan.has_code is None and wgan.date is None and wgan.category is None
    sgd = papers["Optimization Methods for Large-Scale Machine Learning"]
    assert (sgd.venue, sgd.venue_type, sgd.pub_type, sgd.year) == (
        "SIAM Rev.",
        "Journal",
        "Journal Article",
        2018,
    )
    # two paragraphs, both repaired
    assert "applications, e.g., text classification" in sgd.abstract
    assert "\n\nIts second part looks at noise reduction methods, i.e., methods" in sgd.abstract
    capped = papers[
        "Counterfactual Reasoning and Learning Systems: The Example of Computational Advertising"
    ]
    assert len(capped.authors) == 8 and capped.authors_truncated
    assert capped.authors[2] == "Joaquin Quiñonero-Candela"
    assert "gains of up to 2.5% in" in capped.abstract
    no_abstract = papers["The Tradeoffs of Large Scale Learning"]
    assert no_abstract.abstract is None and no_abstract.links == []
    assert no_abstract.authors == ["Léon Bottou", "Olivier Bousquet"]
    no_authors = papers["Discovering Causal Signals in Images"]
    # No author lines: the paper is by the page's subject, and says that this is a reading.
    assert no_authors.authors == ["Léon Bottou"] and not no_authors.authors_truncated
    assert no_authors.authors_inferred and no_authors.to_dict()["authors_inferred"] is True
    assert not capped.authors_inferred and "authors_inferred" not in capped.to_dict()
    assert no_authors.links == ["https://github.com/lopezpaz/causal_signals"]
    nlp = papers["Natural Language Processing (Almost) from Scratch"]
    assert nlp.authors[1] == "Jason Weston 0001" and not nlp.authors_truncated
    assert papers["Gradient-Based Learning Applied to Document Recognition"].venue == "Proc. IEEE"
    assert warned(result, "repeats paper 1", "Wasserstein")
    assert warned(result, "declares 8 papers, 7 found", "1 repeated")


def test_feed_page():
    result = parse(page("feed_nmt.txt"))
    assert result.ok and result.format == "feed"
    papers = by_title(result)
    assert len(result.papers) == 11
    snap = papers["SnapFusion: Text-to-Image Diffusion Model on Mobile Devices within Two Seconds"]
    assert (snap.score, snap.category, snap.date, snap.year, snap.has_code) == (
        38.2,
        "CV",
        "2023-06-01",
        2023,
        False,
    )
    assert snap.authors == ["Yanyu Li", "Huan Wang", "Qing Jin"] and snap.authors_truncated
    assert snap.affiliations == ["snap", "northeastern"]
    # KyungHyun Cho is a second author on one line, which settles the glued line below
    nmt = papers["Neural Machine Translation by Jointly Learning to Align and Translate"]
    assert nmt.authors == ["Dzmitry Bahdanau", "KyungHyun Cho", "Yoshua Bengio"]
    assert not nmt.authors_truncated and nmt.date is None and nmt.has_code is None
    props = papers["On the Properties of Neural Machine Translation: Encoder-Decoder Approaches"]
    assert props.authors == ["KyungHyun Cho", "Bart van Merriënboer", "Dzmitry Bahdanau"]
    qnn = papers["Quantum Neural Network Compression"]
    assert (qnn.category, qnn.score, qnn.date) == ("QUANT-PH", 10.3, "2022-07-04")
    assert "2.5x lower" in qnn.abstract
    ppo = papers["The Surprising Effectiveness of PPO in Cooperative Multi-Agent Games"]
    assert (ppo.category, ppo.date, ppo.has_code) == ("MA", "2021-03-02", True)
    assert ppo.links == ["https://github.com/marlbenchmark/on-policy"]
    walk = papers[
        "Learning to Walk in Minutes Using Massively Parallel Deep Reinforcement Learning"
    ]
    assert (walk.date, walk.year, walk.year_inferred) == ("2026-09-24", 2026, True)
    assert walk.affiliations == ["eth", "nvidia"]
    level4 = papers["Enabling Level-4 Autonomous Driving on a Single $1k Off-the-Shelf Card"]
    assert level4.abstract is None
    assert level4.authors == ["Hsin-Hsuan Sung", "Yuanchao Xu", "Jiexiong Guan"]
    elu = papers["Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)"]
    assert elu.authors[0] == "Djork-Arné Clevert"
    assert elu.abstract.count("\n\n") == 1 and "error of 24.28%." in elu.abstract
    qlora = papers["QLoRA: Efficient Finetuning of Quantized LLMs"]
    assert qlora.authors == [] and (qlora.category, qlora.date) == ("CL", "2023-05-23")
    assert qlora.abstract.startswith("We present QLoRA")
    speech = papers["Supervised Speech Separation Based on Deep Learning: An Overview"]
    assert speech.authors == ["DeLiang Wang", "Jitong Chen"] and speech.affiliations == ["osu"]
    imagenet = papers["Do ImageNet Classifiers Generalize to ImageNet?"]
    assert imagenet.authors[2] == "Ludwig Schmidt" and imagenet.category == "LG"
    assert warned(result, "repeats paper 1", "SnapFusion")
    assert warned(result, "no year", "2026-11-22")
    # the abstract of the paper before the title-only line did not swallow it
    assert "QLoRA" not in (
        papers[
            "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)"
        ].abstract
    )


def test_profile_page():
    result = parse(page("profile_wang.txt"))
    assert result.ok and result.format == "profile"
    metrics = result.header["metrics"]
    assert metrics["h-index"] == 47 and metrics["citations"] == 9876
    assert metrics["Novelty"] == "55%".replace("55", "58") and metrics["AI Score"] == 64
    assert result.header["declared_papers"] == 80
    assert warned(result, "declares 80 papers, 8 found", "1 repeated")
    papers = by_title(result)
    assert len(result.papers) == 8
    stdo = papers[
        "Towards High-Quality and Efficient Video Super-Resolution via "
        "Spatial-Temporal Data Overfitting"
    ]
    assert (stdo.category, stdo.date, stdo.has_code, stdo.score) == ("CV", "2023-03-15", True, None)
    assert stdo.authors == ["Gen Li", "Jie Ji", "Minghai Qin"] and stdo.authors_truncated
    assert stdo.links == ["https://github.com/coulsonlee/STDO-CVPR2023.git"]
    assert "2.29 dB better" in stdo.abstract
    level4 = papers["Enabling Level-4 Autonomous Driving on a Single $1k Off-the-Shelf Card"]
    assert (level4.score, level4.category, level4.date, level4.year_inferred) == (
        91.1,
        "RO",
        "2026-03-17",
        True,
    )
    assert level4.affiliations == ["ncsu"]
    sod = papers["SoD$^2$: Statically Optimizing Dynamic Deep Neural Network"]
    assert sod.date == "2024-02-29" and not sod.authors_truncated
    big = papers["Critical Questions for Big Data"]
    assert big.authors == ["danah boyd", "Kate Crawford"]
    assert big.abstract.startswith("The era of Big Data has begun.")
    agi = papers[
        "Towards Artificial General Intelligence (AGI) in the Internet of Things "
        "(IoT): Opportunities and Challenges"
    ]
    assert agi.authors == [] and agi.abstract.startswith("Artificial General Intelligence")
    sad = papers["Structured Agent Distillation for Large Language Model"]
    assert sad.abstract is None and sad.authors == ["Jun Liu", "Zhenglun Kong", "Peiyan Dong"]
    gs = next(p for p in result.papers if p.title.startswith("GaussianSpa"))
    assert gs.title.endswith(
        '"Optimizing-Sparsifying" Simplification Framework for Compact '
        "and High-Quality 3D Gaussian Splatting"
    )
    assert (gs.date, gs.year, gs.category) == (None, None, "CV")
    assert gs.links == ["https://noodle-lab.github.io/gaussianspa/"]
    assert warned(result, "'Feb 30, 2024' is not a real date")
    zero = papers[
        "ZeroSim: Zero-Shot Analog Circuit Evaluation with Unified Transformer Embeddings"
    ]
    assert zero.abstract.endswith(
        "\n\nExperiments show 1.8x better accuracy than prior work, i.e., a large gain."
    )


def test_trending_page():
    result = parse(page("trending_mar13.txt"))
    assert result.ok and result.format == "trending"
    assert result.header["page_date"] == "2026-03-13"
    assert result.header["page_date_year_inferred"] is True
    assert [p.title for p in result.papers] == [
        "EDiffSR: An Efficient Diffusion Probabilistic Model for Remote Sensing Image "
        "Super-Resolution",
        "Are Sixteen Heads Really Better than One?",
        "Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)",
        "Searching for MobileNetV3",
        "VanillaNet: the Power of Minimalism in Deep Learning",
    ]
    ediff, heads, elu, mobilenet, vanilla = result.papers
    assert ediff.links == ["https://github.com/XY-boy/EDiffSR"]
    assert "objectives, e.g., MSE loss" in ediff.abstract
    assert elu.abstract is None
    assert mobilenet.abstract.count("\n\n") == 1 and "3.2% more accurate" in mobilenet.abstract
    assert len(vanilla.links) == 2
    assert all(p.authors == [] and p.date is None for p in result.papers)
    assert warned(result, "repeats paper 2")


# --- the same pages saved other ways ----------------------------------------------

PAGE_FILES = ["cluster_bottou.txt", "feed_nmt.txt", "profile_wang.txt", "trending_mar13.txt"]

VARIANTS = {
    "crlf": lambda t: t.replace("\n", "\r\n").encode(),
    "cr": lambda t: t.replace("\n", "\r").encode(),
    "bom": lambda t: b"\xef\xbb\xbf" + t.encode(),
    "trailing-blanks": lambda t: t.replace("\n", "  \t\n").encode(),
    "windows-1252": lambda t: t.encode("cp1252"),
    "latin-1-crlf-bom-less": lambda t: t.replace("\n", "\r\n").encode("cp1252"),
    "utf-16": lambda t: t.encode("utf-16"),
    "no-final-newline": lambda t: t.rstrip("\n").encode(),
    "nbsp-and-tabs": lambda t: t.replace(", ", ",\u00a0").replace(" ", "\t", 3).encode(),
    # saved by other tools: blank lines everywhere, or none at all
    "double-spaced": lambda t: t.replace("\n", "\n\n").encode(),
    "no-blank-lines": lambda t: "\n".join(x for x in t.split("\n") if x.strip()).encode(),
}


def _comparable(result):
    return [p.to_dict() for p in result.papers]


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", PAGE_FILES)
def test_saved_variants_parse_the_same(name, variant):
    text = page(name)
    base = parse(text)
    result = parse_bytes(VARIANTS[variant](text), saved=SAVED)
    assert result.ok and result.format == base.format
    if variant == "nbsp-and-tabs":
        # blanks of any kind are one space in titles and names
        assert [p.title for p in result.papers] == [p.title for p in base.papers]
        assert [p.authors for p in result.papers] == [p.authors for p in base.papers]
    else:
        assert _comparable(result) == _comparable(base)
    assert not any("\ufffd" in p.title or "\ufffd" in (p.abstract or "") for p in result.papers)
    if variant.startswith(("windows", "latin")) and not text.isascii():
        assert "Windows-1252" in result.warnings[0]


# --- cut off --------------------------------------------------------------------


def cut(text: str, marker: str, keep: int) -> str:
    """The page as if saving stopped ``keep`` characters into ``marker``."""
    return text[: text.index(marker) + keep]


def assert_nothing_invented(text: str, result) -> None:
    normal = "\n".join(split_lines(text))
    for p in result.papers:
        assert p.title in normal
        for a in p.authors:
            assert a in normal


def assert_kept_unchanged(full, partial, count: int) -> None:
    """The first ``count`` papers are exactly as on the whole page."""
    assert _comparable(partial)[:count] == _comparable(full)[:count]


CLUSTER = page("cluster_bottou.txt")


def test_cluster_cut_in_the_last_abstract():
    text = cut(CLUSTER, "Given an appropriate network", len("Given an appropriate network"))
    result = parse(text)
    full = parse(CLUSTER)
    assert_kept_unchanged(full, result, 6)
    last = result.papers[-1]
    assert last.title == "Gradient-Based Learning Applied to Document Recognition"
    assert last.abstract.endswith("Given an appropriate network")
    assert warned(result, "cut off", "ends mid-sentence")


def test_cluster_cut_in_an_author_name():
    text = cut(CLUSTER, "  • Patrick Haffner", len("  • Patri"))
    result = parse(text)
    last = result.papers[-1]
    assert last.authors == ["Yann LeCun", "Léon Bottou", "Yoshua Bengio"]
    assert last.authors_truncated and last.abstract is None
    assert warned(result, "cut off in the author list", "'Patri'")
    assert_nothing_invented(text, result)


def test_cluster_cut_in_a_title():
    text = cut(CLUSTER, "Gradient-Based Learning", 14)
    result = parse(text)
    assert len(result.papers) == 6
    assert result.papers[-1].title == "Natural Language Processing (Almost) from Scratch"
    assert warned(result, "cut off after the title", "Gradient-Based")


def test_cluster_cut_in_a_venue_line():
    text = cut(CLUSTER, "Proc. IEEE Journal", 12)  # "Proc. IEEE J"
    result = parse(text)
    full = parse(CLUSTER)
    assert_kept_unchanged(full, result, 6)
    assert len(result.papers) == 6
    assert "Proc. IEEE" not in result.papers[-1].abstract
    assert warned(result, "cut off", "'Proc. IEEE J'")


FEED = page("feed_nmt.txt")


@pytest.mark.parametrize(
    ("marker", "keep", "kept"),
    [
        # inside the first author's name, glued to the title
        ("ImageNet?Benjamin Recht", len("ImageNet?Benj"), 10),
        ("ImageNet?Benjamin Recht", len("ImageNet?Benjamin Re"), 10),
        # inside the second author's name
        ("Rebecca Roelofs", 5, 10),
        # inside the affiliations
        ("\u00b7 osu", 3, 9),
        # inside a metadata line
        ("6.9LGDec 9, 2022", 7, 10),
        ("6.9LGDec 9, 2022", 10, 10),
    ],
)
def test_feed_cut_inside_an_entry_keeps_nothing_of_it(marker, keep, kept):
    text = cut(FEED, marker, keep)
    result = parse(text)
    full = parse(FEED)
    assert result.ok and result.format == "feed"
    assert_kept_unchanged(full, result, kept)
    assert len(result.papers) == kept
    assert warned(result, "cut off")
    assert_nothing_invented(text, result)
    fragment = text.rsplit("\n", 1)[1]
    assert all(fragment not in (p.abstract or "") for p in result.papers)


def test_feed_cut_after_et_al_keeps_the_paper_without_abstract():
    text = cut(FEED, "Ludwig Schmidt et al.", len("Ludwig Schmidt et al."))
    result = parse(text)
    last = result.papers[-1]
    assert last.title == "Do ImageNet Classifiers Generalize to ImageNet?"
    assert last.abstract is None and last.authors_truncated
    assert warned(result, "cut off after the title line", "without its abstract")


def test_feed_cut_early_in_the_last_abstract_keeps_the_paper():
    """Too little of the abstract to tell it from a title line: only the paper is kept."""
    text = cut(FEED, "Speech separation is the task", len("Speech separation is the"))
    result = parse(text)
    last = result.papers[-1]
    assert last.title == "Supervised Speech Separation Based on Deep Learning: An Overview"
    assert last.authors == ["DeLiang Wang", "Jitong Chen"] and last.abstract is None
    assert warned(result, "cut off", "'Speech separation is the'")


def test_trending_cut_early_in_an_abstract_with_a_link():
    text = TRENDING[: TRENDING.index("Attention is a powerful")] + "Code is at https: //git"
    result = parse(text)
    first, paper = result.papers
    assert first.title.startswith("EDiffSR") and first.abstract
    assert paper.title == "Are Sixteen Heads Really Better than One?" and paper.abstract is None
    assert warned(result, "cut off", "'Code is at https: //git'")


def test_feed_cut_in_the_last_abstract():
    text = cut(FEED, "Both benchmarks", 20)
    result = parse(text)
    assert len(result.papers) == 11
    assert result.papers[-1].abstract.endswith("Both benchmarks have")
    assert warned(result, "ends mid-sentence")


PROFILE = page("profile_wang.txt")


@pytest.mark.parametrize(
    ("marker", "keep"),
    [
        ("Xiaomeng Yang, Jian Gao", len("Xiaomeng Yang, Jian G")),  # in the author line
        ("ZeroSim: Zero-Shot", 12),  # in the title
        ("LGNov 10, 2025", 9),  # "LGNov 10," is a whole date, but no title follows
        ("LGNov 10, 2025", 4),  # "LGNo": not even a metadata line
    ],
)
def test_profile_cut_before_the_last_abstract(marker, keep):
    text = cut(PROFILE, marker, keep)
    result = parse(text)
    full = parse(PROFILE)
    assert len(result.papers) == 7
    assert_kept_unchanged(full, result, 7)
    assert warned(result, "cut off") or warned(result, "has no title")
    assert_nothing_invented(text, result)


def test_profile_cut_in_a_second_paragraph():
    text = cut(PROFILE, "Experiments show 1. 8x", 16)
    result = parse(text)
    last = result.papers[-1]
    assert last.title.startswith("ZeroSim")
    assert "Experiments" not in last.abstract
    assert last.abstract.endswith("for analog performance evaluation.")
    assert warned(result, "cut off", "'Experiments show'")


TRENDING = page("trending_mar13.txt")


def test_trending_cut_in_a_title():
    text = cut(TRENDING, "VanillaNet: the Power", 14)
    result = parse(text)
    assert [p.title for p in result.papers][-1] == "Searching for MobileNetV3"
    assert warned(result, "cut off after the title", "VanillaNet: th")


def test_trending_cut_early_in_an_abstract():
    """A short unfinished last line could be a title's start as well: not kept."""
    text = cut(TRENDING, "philosophy of", 13)
    result = parse(text)
    last = result.papers[-1]
    assert last.title.startswith("VanillaNet") and last.abstract is None
    assert warned(result, "cut off", "At the heart")
    assert_nothing_invented(text, result)


def test_trending_cut_late_in_an_abstract():
    text = cut(TRENDING, "Pre-trained models and codes", 20)
    result = parse(text)
    last = result.papers[-1]
    assert last.title.startswith("VanillaNet")
    assert last.abstract.endswith("Pre-trained models a") and last.links == []
    assert warned(result, "ends mid-sentence")


# --- each page is its own format, also stripped of what makes it easy -----------------


def _without_lines(text: str, drop) -> str:
    return "\n".join(line for line in text.split("\n") if not drop(line))


def test_profile_without_its_metrics_header():
    text = PROFILE[PROFILE.index("CVMar 15, 2023Code") :]
    result = parse(text)
    assert result.format == "profile" and len(result.papers) == 8
    assert result.header["declared_papers"] is None


def test_feed_without_metadata_lines():
    from parsers.dates import parse_meta

    text = _without_lines(FEED, lambda line: parse_meta(line, SAVED) is not None)
    result = parse(text)
    assert result.format == "feed"
    # the title-only QLoRA line stood after a metadata line; without it, it is
    # the title of a paper without authors between two abstracts
    assert len(result.papers) == 11
    assert all(p.date is None for p in result.papers)


@pytest.mark.parametrize(
    "text",
    [
        "8.7CVJul 16, 2024\nEfficient Training with Denoised Neural WeightsYifan Gong, Zheng "
        "Zhan, Yanyu Li et al.\nGood weight initialization serves as an effective measure to "
        "reduce the training cost of a deep neural network model.\n",
        "Efficient Training with Denoised Neural WeightsYifan Gong, Zheng Zhan, Yanyu Li et al. "
        "\u00b7 northeastern\nGood weight initialization serves as an effective measure to "
        "reduce the training cost of a deep neural network model.",
    ],
)
def test_one_paper_feed_page(text):
    result = parse(text)
    assert result.format == "feed"
    (paper,) = result.papers
    assert paper.title == "Efficient Training with Denoised Neural Weights"
    assert paper.authors == ["Yifan Gong", "Zheng Zhan", "Yanyu Li"]


def test_cluster_without_its_header():
    text = CLUSTER[CLUSTER.index("ICML Conference 2017") :]
    result = parse(text)
    assert result.format == "author-cluster" and len(result.papers) == 7
    assert result.header["subject"] is None


SEED_FORMATS = {
    "000_c49fd89b38f0da0c.txt": "author-cluster",
    "001_71e57e51a5d84236.txt": "feed",
    "002_7d32a3e5c875130f.txt": "profile",
    "003_fd96a8efc1c753ea.txt": "trending",
    "004_f0a5ae11a3aee76f.txt": "author-cluster",
}
OWN_FORMAT = {
    **{
        PAGES / n: f
        for n, f in zip(PAGE_FILES, ["author-cluster", "feed", "profile", "trending"], strict=True)
    },
    **{PAGES.parent.parent / "seeds" / n: f for n, f in SEED_FORMATS.items()},
}


@pytest.mark.parametrize("path", OWN_FORMAT, ids=lambda p: p.name)
def test_no_other_format_claims_a_page(path):
    from parsers import FORMATS
    from parsers.base import Page

    text = path.read_text(encoding="utf-8")
    own = OWN_FORMAT[path]
    assert parse(text).format == own
    lines = split_lines(text)
    scores = {
        f.NAME: f.detect(Page(lines=lines, saved=SAVED, ends_with_newline=True)) for f in FORMATS
    }
    assert max(scores, key=scores.get) == own
    assert sorted(scores.values())[-2] < scores[own]


def test_forcing_a_format():
    result = parse(FEED, fmt="feed")
    assert result.format == "feed" and len(result.papers) == 11
    assert parse(FEED, fmt="nonsense").error == "unknown format 'nonsense'"


def test_library_names_do_not_change_the_seeds():
    """Importing into a library that knows every seed author reads each seed the same."""
    from parsers import parse_file
    from parsers.names import name_key

    seeds = sorted((PAGES.parent.parent / "seeds").glob("*.txt"))
    alone = [parse_file(f, saved=SAVED) for f in seeds]
    names = {name_key(a) for r in alone for p in r.papers for a in p.authors}
    for path, first in zip(seeds, alone, strict=True):
        again = parse_file(path, saved=SAVED, known=lambda n: name_key(n) in names)
        assert again.to_dict() == first.to_dict()


UNSPLITTABLE = """\
Do ImageNet Classifiers Generalize to ImageNet?Benjamin Recht, Rebecca Roelofs, Ludwig Schmidt \
et al.
We build new test sets for the CIFAR-10 and ImageNet datasets and find accuracy drops.
Critical Questions for Big Datadanah boyd, Kate Crawford
The era of Big Data has begun. Scholars are clamoring for access to the massive quantities of \
information produced by and about people.
Classifier-Free Diffusion GuidanceJonathan Ho, Tim Salimans
Classifier guidance is a recently introduced method to trade off mode coverage and sample \
fidelity in conditional diffusion models.
"""


def test_a_line_whose_first_author_is_unsure_is_kept_and_flagged_not_dropped():
    # issue 15: never drop a paper; a lower-case first author nobody knows is
    # read from the lexicon ("danah" is a given name) and the paper kept.
    result = parse(UNSPLITTABLE)
    assert [p.title for p in result.papers] == [
        "Do ImageNet Classifiers Generalize to ImageNet?",
        "Critical Questions for Big Data",
        "Classifier-Free Diffusion Guidance",
    ]
    assert "Big Data" not in result.papers[0].abstract
    big = result.papers[1]
    assert big.authors == ["danah boyd", "Kate Crawford"]
    assert big.abstract.startswith("The era of Big Data has begun.")


def test_the_library_knows_the_name_that_settles_it():
    result = parse(UNSPLITTABLE, known=lambda name: name.casefold() == "danah boyd")
    big = by_title(result)["Critical Questions for Big Data"]
    assert big.authors == ["danah boyd", "Kate Crawford"]
    assert big.abstract.startswith("The era of Big Data has begun.")
