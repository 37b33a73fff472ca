"""Trending pages as Hugging Face shows them today, from real saved copies.

``tests/pages/trending_hf_*.txt`` are trimmed real captures (a few papers each,
line structure untouched): a plain-text export, a text-browser (lynx) copy with
wrapped abstracts, with bare URL lines and
``[-] 19`` upvote buttons, a Markdown conversion with ``[101](…login…)`` upvote
links and ``May 29[6](…#community)`` comment counts, and a text conversion
with ``Submitted by`` / ``Upvote`` lines and ``Org · Published on`` lines.
Each has an expected JSON beside it in ``tests/golden/pages/`` (regenerate,
after checking the diff, with ``python tests/test_parsers_trending_hf.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import parsers  # noqa: E402
from tests.conftest import SEEDS_SAVED  # noqa: E402

PAGES = sorted((HERE / "pages").glob("trending_hf_*.txt"))
EXPECTED = HERE / "golden" / "pages"
SAVED = dt.date(2026, 10, 6)
FURNITURE = ("authors_count", "organization", "submitted_by", "upvotes", "comments", "date")


def _parse(page: Path) -> dict:
    return parsers.parse_file(page, saved=SAVED).to_dict()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_page_matches_its_expected_json(page):
    expected = json.loads((EXPECTED / (page.stem + ".json")).read_text(encoding="utf-8"))
    assert _parse(page) == expected


def _read(name: str) -> dict[str, dict]:
    result = parsers.parse_file(HERE / "pages" / name, saved=SAVED)
    assert result.ok and result.format == "trending"
    return {
        p.title: {k: getattr(p, k) for k in FURNITURE} | {"abs": p.abstract} for p in result.papers
    }


def test_plain_text_export():
    papers = _read("trending_hf_notebook.txt")
    assert list(papers) == [
        "Better than Your Teacher: LLM Agents that learn from Privileged AI Feedback",
        "Arctic-SnowCoder: Demystifying High-Quality Data in Code Pretraining",
        "Soft Instruction De-escalation Defense",
    ]
    snow = papers["Arctic-SnowCoder: Demystifying High-Quality Data in Code Pretraining"]
    assert (snow["upvotes"], snow["authors_count"], snow["comments"], snow["date"]) == (
        19,
        3,
        2,
        "2024-09-03",
    )
    sic = papers["Soft Instruction De-escalation Defense"]
    assert (sic["organization"], sic["upvotes"], sic["comments"]) == ("Google", 5, 1)
    assert sic["abs"].endswith("This nonetheless raises the bar.")  # no URL or org in it


def test_markdown_conversion():
    papers = _read("trending_hf_markdown.txt")
    occ = papers["OCC-RAG: Optimal Cognitive Core for Faithful Question Answering"]
    assert (occ["organization"], occ["upvotes"], occ["comments"]) == ("OCC", 101, 6)
    assert occ["abs"].startswith("Recent progress") and "](" not in occ["abs"]
    truth = next(v for k, v in papers.items() if k.startswith("Sources of Truth"))
    assert (truth["authors_count"], truth["upvotes"]) == (10, None)  # "-": no count shown


def test_submitted_by_and_upvote_lines():
    papers = _read("trending_hf_submitted.txt")
    assert [(t[:20], p["submitted_by"], p["upvotes"]) for t, p in papers.items()] == [
        ("Kandinsky 6.0 Video:", "vvasilev", 117),
        ("TradingAgents: Multi", None, 149),
        ("UniMate: One Unified", "Linzhan", 22),
    ]
    uni = papers["UniMate: One Unified Model to Animate Diverse Skeletons"]
    assert (uni["organization"], uni["date"]) == ("Princeton University", "2026-09-04")


def test_text_browser_copy_with_wrapped_abstracts():
    # lynx wraps each abstract over several lines: they are one paragraph, and a
    # wrapped line that looks like a title does not start a paper of its own
    papers = _read("trending_hf_lynx.txt")
    assert [t[:12] for t in papers] == ["MURMUR: An E", "Gemini 1.5: "]
    gemini = papers[
        "Gemini 1.5: Unlocking multimodal understanding across millions of tokens of context"
    ]
    assert "multimodal mixture-of-experts model" in gemini["abs"] and "\n" not in gemini["abs"]
    assert (gemini["authors_count"], gemini["comments"], gemini["date"]) == (671, 6, "2024-03-08")
    # "65" on its own is not tied to either paper by anything on the page: not stored
    assert [p["upvotes"] for p in papers.values()] == [None, None]


def test_the_older_trending_shape_has_none_of_the_new_keys():
    seed = HERE.parent / "seeds" / "003_fd96a8efc1c753ea.txt"
    for paper in parsers.parse_file(seed, saved=SEEDS_SAVED).to_dict()["papers"]:
        assert not set(FURNITURE[:-1]) & set(paper)


if __name__ == "__main__":
    EXPECTED.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        out = EXPECTED / (page.stem + ".json")
        out.write_text(
            json.dumps(_parse(page), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print("wrote", out)
