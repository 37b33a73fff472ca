"""Abstract repair only on pages that show PDF-extraction damage; "cut off" only mid-sentence.

The abstracts are real text: the Graham-conjecture summary cites "R. L. Graham"
(a name with initials that a blind repair glues into "R.L."), the AutoML survey
abstract (Knowledge-Based Systems 2021) ends in its keyword list.
"""

from __future__ import annotations

import datetime as dt
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from parsers import parse_text, text

SAVED = dt.date(2026, 11, 22)
HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
HEADER += "byAK and the research community\n\nMar 13\n\n"

GRAHAM = (
    "Balasubramanian, R. and Soundararajan, K., On a conjecture of R. L. Graham. Acta "
    "Arith. 75 (1996), no. 1, 1-38. Theorem 1.1 proves Graham's conjecture in its stronger "
    "form for every N >= 5: for any set A of integers with gcd 1 there exist a_i, a_j with "
    "a_i/(a_i,a_j) >= N."
)
AUTOML = (
    "We summarize the representative NAS algorithms\u2019 performance on the CIFAR-10 and "
    "ImageNet datasets and further discuss the following subjects of NAS methods: "
    "one/two-stage NAS, one-shot NAS, joint hyperparameter and architecture optimization, "
    "and resource-aware NAS. Finally, we discuss some open problems related to the existing "
    "AutoML methods for future research. Keywords: deep learning, automated machine learning "
    "(AutoML), neural architecture search (NAS), hyperparameter optimization (HPO)"
)
DAMAGED = (
    "Recently, convolutional networks have achieved remarkable development in remote sensing "
    "image super-resolution by minimizing regression objectives, e. g. , MSE loss. The code "
    "of EDiffSR will be available at https: //github. com/XY-boy/EDiffSR"
)


def _page(*papers: tuple[str, str], newline: bool = True) -> str:
    body = "\n\n".join(f"{t}\n\n{a}" for t, a in papers)
    return HEADER + body + ("\n" if newline else "")


def test_a_page_without_damage_keeps_initials_as_printed():
    result = parse_text(_page(("On a conjecture of R. L. Graham", GRAHAM)), saved=SAVED)
    assert result.papers[0].abstract == GRAHAM
    assert "R. L. Graham" in result.papers[0].abstract


def test_a_damaged_page_is_still_repaired():
    result = parse_text(
        _page(
            ("EDiffSR: An Efficient Diffusion Probabilistic Model", DAMAGED),
            ("On a conjecture of R. L. Graham", GRAHAM),
        ),
        saved=SAVED,
    )
    first = result.papers[0]
    assert "e.g., MSE loss" in first.abstract
    assert first.links == ["https://github.com/XY-boy/EDiffSR"]


def test_an_abstract_ending_in_keywords_is_not_called_cut_off():
    text = _page(("AutoML: A Survey of the State-of-the-Art", AUTOML), newline=False)
    result = parse_text(text, saved=SAVED)
    assert result.papers[0].abstract == AUTOML
    assert not [w for w in result.warnings if "cut off" in w]


def test_an_abstract_that_stops_mid_sentence_is_still_called_cut_off():
    cut = AUTOML[: AUTOML.index("for future research")]
    result = parse_text(_page(("AutoML: A Survey", cut), newline=False), saved=SAVED)
    assert result.papers[0].abstract == cut.rstrip()
    assert any("ends mid-sentence" in w for w in result.warnings)


# The page is searched a slice of lines at a time (``lines_show_pdf_damage``); a
# broken "http :" may run over lines, so a slice never ends inside one.
_PIECES = ["http", "s", "ftp", ":", "/", ":/", " ", "x", "e.", ". ,", " g.", "3. 2%", "www. a"]


@settings(max_examples=400)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=3).map("".join), max_size=10))
def test_damage_found_a_slice_at_a_time_as_on_the_whole_page(lines: list[str]) -> None:
    with patch.object(text, "_DAMAGE_CHUNK", 1):  # every line ends a slice, if it may
        assert text.lines_show_pdf_damage(lines) == text.shows_pdf_damage("\n".join(lines))


def test_a_url_broken_over_a_slice_boundary_is_found() -> None:
    lines = ["x"] * 2047 + ["see https", "", "", "://example.org"] + ["x"] * 3000
    assert text.lines_show_pdf_damage(lines)
    assert not text.lines_show_pdf_damage(["x"] * 5000 + ["https://example.org"])
