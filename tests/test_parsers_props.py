"""Properties that hold for any input: no crash, quick, nothing invented.

Hypothesis mutates real pages (the seeds and the hand-written pages): lines
dropped, doubled, swapped, characters of any kind inserted, the bytes cut
anywhere. Whatever comes out, every title and author must be text that is on
the page.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_bytes, parse_text
from parsers.text import DecodeError, decode, split_lines
from tests.conftest import budget

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "pages").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in PAGES]
SAVED = dt.date(2026, 11, 22)
# CPU seconds per parse; generous, it only has to catch runaway backtracking or loops.
QUICK = 2.0


@st.composite
def mutated_pages(draw) -> bytes:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    # a window keeps each example small and also loses headers now and then
    start = draw(st.sampled_from([0, 0, draw(st.integers(0, max(0, len(lines) - 1)))]))
    lines = lines[start : start + draw(st.integers(1, 90))]
    for _ in range(draw(st.integers(0, 6))):
        op = draw(st.sampled_from(["drop", "double", "swap", "insert", "blank", "join"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop" and len(lines) > 1:
            del lines[i]
        elif op == "double":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            junk = draw(st.text(min_size=1, max_size=12))  # any code point, controls too
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + junk + lines[i][at:]
        elif op == "blank":
            lines.insert(i, "")
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + lines[i + 1]]
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    data = newline.join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]  # cut at any byte, mid-character too
    return data


@settings(max_examples=budget(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_pages())
def test_mutated_pages_never_crash_and_invent_nothing(data):
    started = time.process_time()
    result = parse_bytes(data, saved=SAVED)
    assert time.process_time() - started < QUICK
    try:
        text, _ = decode(data)
    except DecodeError:
        assert result.error and not result.papers
        return
    if result.error:
        assert not result.papers and "\n" not in result.error
        return
    normal = "\n".join(split_lines(text))
    for paper in result.papers:
        assert paper.title.strip()
        assert paper.title in normal
        for author in paper.authors:
            assert author.strip() and author in normal
        for affiliation in paper.affiliations:
            assert affiliation in normal


FULL = {text: parse_text(text, saved=SAVED) for text in TEXTS}


@settings(max_examples=budget(150), deadline=None)
@given(st.sampled_from(TEXTS), st.floats(0.0, 1.0))
def test_a_cut_page_keeps_its_complete_papers_as_they_were(text, where):
    """Saving stopped anywhere: what is kept is what the whole page says, no more."""
    at = int(len(text) * where)
    partial = parse_text(text[:at], saved=SAVED)
    if not partial.ok:
        return
    whole = {p.title: p for p in FULL[text].papers}
    # every paper whose entry ended before the cut (the next title had begun) is kept
    starts, pos = [], 0
    for paper in FULL[text].papers:
        pos = text.find(paper.title, pos)
        starts.append(pos)
    ends = zip(FULL[text].papers, starts[1:], strict=False)
    finished = {p.title for p, nxt in ends if nxt < at}
    assert finished <= {p.title for p in partial.papers}
    *complete, last = partial.papers
    for paper in complete:
        assert paper.to_dict() == whole[paper.title].to_dict()
    # the last one may have lost its tail, but its title is whole and its names are real
    assert last.title in whole
    assert set(last.authors) <= set(whole[last.title].authors)
    if last.abstract:
        assert (whole[last.title].abstract or "").startswith(last.abstract[:-30])


@settings(max_examples=budget(60), deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(data):
    result = parse_bytes(data, saved=SAVED)
    assert result.error is not None or all(p.title.strip() for p in result.papers)


# --- worst cases: a catastrophic regex or a quadratic loop shows up here -------

LIMIT = 5.0


def _timed(data: bytes):
    """Parse, and the CPU time it took (other work on the machine does not count)."""
    started = time.process_time()
    result = parse_bytes(data, saved=SAVED)
    return result, time.process_time() - started


def test_a_200kb_line_alone():
    for unit in ("a", "Aa", "Ab Cd, ", "e. g. , 5. 18 https: //x. com/ ", "19.5ARNov 15, 2022"):
        result, took = _timed((unit * (200_000 // len(unit))).encode())
        assert took < LIMIT, unit
        assert result.error


HEADS = {
    "feed": "19.5ARNov 15, 2022\nSearch for Efficient Large Language ModelsXuan Shen, Pu Zhao, "
    "Yifan Gong et al. \u00b7 harvard\n",
    "trending": "new\nbyAK and the research community\nMar 13\nDeep Model Assembling\n",
    "profile": "h-index31\n\nCVMar 15, 2023Code\nDeep Model Assembling\nGen Li, Jie Ji\n",
    "author-cluster": "Author name cluster\nGeng Yuan\n\nNeurIPS Conference 2023 Conference "
    "Paper\nDeep Model Assembling\n  \u2022 Geng Yuan\n",
}
# What the abstract repair and the link finder are most likely to choke on.
DAMAGE = [
    "Our method is 5. 18x faster, e. g. , on https: //github. com/a/b and www. x. org. ",
    "1",  # one 200 KB number
    "www.",
    "https://a/ b",
    "https: //a. ",
    "e. g. , i. e. ; ",
    "$\\times$ 42. 9}% ",
]


@pytest.mark.parametrize("fmt", HEADS)
@pytest.mark.parametrize("unit", DAMAGE)
def test_a_200kb_abstract_on_a_page(fmt, unit):
    body = unit * (200_000 // len(unit)) + ". 5 and the end."
    result, took = _timed((HEADS[fmt] + body).encode())
    assert took < LIMIT
    assert result.format == fmt and len(result.papers) == 1
    assert len(result.papers[0].abstract) > 100_000


def test_repairs_hold_on_a_long_abstract():
    damage = DAMAGE[0]
    result, _ = _timed((HEADS["feed"] + damage * (200_000 // len(damage))).encode())
    paper = result.papers[0]
    assert "5.18x faster, e.g., on https://github.com/a/b and www.x.org. " in paper.abstract
    assert paper.links == ["https://github.com/a/b"]


def _feed_lines() -> list[str]:
    feed = (ROOT / "seeds" / "001_71e57e51a5d84236.txt").read_text(encoding="utf-8")
    return [line[:300] for line in feed.split("\n")]


def test_50k_lines_of_feed():
    lines = _feed_lines()
    rng = random.Random(5)
    # distinct lines, so that nothing is served from a cache of repeats
    page = "\n".join(
        f"{line} {rng.randrange(10**9)}" if len(line) > 250 else line
        for line in (lines * (50_000 // len(lines) + 1))[:50_000]
    )
    result, took = _timed(page.encode())
    assert took < LIMIT
    assert result.format == "feed" and len(result.papers) == 50


def test_50k_lines_of_a_cluster_page():
    cluster = (ROOT / "seeds" / "004_f0a5ae11a3aee76f.txt").read_text(encoding="utf-8")
    head, body = cluster.split("Possible papers\n\n10\n\n", 1)
    lines = body.split("\n")
    page = (
        head
        + "Possible papers\n\n10\n\n"
        + "\n".join((lines * (50_000 // len(lines) + 1))[:50_000])
    )
    result, took = _timed(page.encode())
    assert took < LIMIT
    assert result.format == "author-cluster" and len(result.papers) == 10


def test_50k_lines_of_words():
    rng = random.Random(7)
    words = "Deep Learning MobileNet Zhang Li, Yuan ViT GANs et al. the of and · CVMar 15,".split()
    page = "\n".join(
        " ".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(50_000)
    )
    result, took = _timed(page.encode())
    assert took < LIMIT
    assert result.error
