"""Files that are not paper-listing pages are refused with one clear line, never guessed."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from pathlib import Path

import pytest

from parsers import parse_bytes, parse_file

ROOT = Path(__file__).resolve().parent.parent
SAVED = dt.date(2026, 11, 22)

README = """\
# paper-notes

Notes on papers I read, e.g. *Attention Is All You Need* (Vaswani et al., 2017).

## Install

    pip install paper-notes

## Usage

Run `paper-notes add "Deep Residual Learning for Image Recognition"` to add a paper.
Trending papers are fetched daily from the web; see CONTRIBUTING.md.

- Geng Yuan, Yanzhi Wang, Xue Lin
- MobileNetV3, EfficientNet, ShiftAddViT

Licensed under the MIT License.
"""

CSV = """\
title,authors,year,venue
"Attention Is All You Need","Ashish Vaswani, Noam Shazeer, Niki Parmar",2017,NeurIPS
"Deep Residual Learning for Image Recognition","Kaiming He, Xiangyu Zhang",2016,CVPR
"Searching for MobileNetV3","Andrew Howard, Mark Sandler, Grace Chu",2019,ICCV
"""

# Jane Austen, Pride and Prejudice (1813), public domain.
NOVEL = """\
It is a truth universally acknowledged, that a single man in possession of a good fortune, \
must be in want of a wife.

However little known the feelings or views of such a man may be on his first entering a \
neighbourhood, this truth is so well fixed in the minds of the surrounding families, that he is \
considered the rightful property of some one or other of their daughters.

"My dear Mr. Bennet," said his lady to him one day, "have you heard that Netherfield Park is let \
at last?"

Mr. Bennet replied that he had not.
"""

BIBTEX = """\
@inproceedings{vaswani2017attention,
  title     = {Attention Is All You Need},
  author    = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki},
  booktitle = {NeurIPS},
  year      = {2017}
}

@article{lecun1998gradient,
  title   = {Gradient-Based Learning Applied to Document Recognition},
  author  = {LeCun, Yann and Bottou, L{\\'e}on and Bengio, Yoshua and Haffner, Patrick},
  journal = {Proceedings of the IEEE},
  year    = {1998}
}
"""

HTML = """\
<!DOCTYPE html>
<html><head><title>Geng Yuan - papers</title></head>
<body>
<div class="paper">19.5ARNov 15, 2022</div>
<div class="title">HeatViT: Hardware-Efficient Adaptive Token Pruning for Vision \
TransformersPeiyan Dong, Mengshu Sun, Alec Lu et al. \u00b7 harvard</div>
<p>Vision Transformers (ViTs) have emerged as the state-of-the-art models.</p>
</body></html>
"""

XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>arXiv cs.CV</title>
<entry><title>Searching for MobileNetV3</title><author><name>Andrew Howard</name></author></entry>
</feed>
"""

YAML = """\
library:
  path: ~/.local/share/paperscope/library.json
  seeds: true
export:
  format: bibtex
  keys: [author, year, title]
"""

LOG = "\n".join(
    f"2026-11-22 10:{m:02d}:00 INFO import seeds/00{m % 5}.txt: 50 papers, 0 new" for m in range(40)
)

NAMES_ONLY = "Geng Yuan\nYanzhi Wang\nXue Lin\nZhenglun Kong\nPu Zhao\n"
TITLES_ONLY = (
    "Attention Is All You Need\nDeep Residual Learning for Image Recognition\n"
    "Searching for MobileNetV3\nEfficientFormer: Vision Transformers at MobileNet Speed\n"
)

UNRELATED_TEXT = {
    "readme": README,
    "csv": CSV,
    "novel": NOVEL,
    "yaml": YAML,
    "log": LOG,
    "names only": NAMES_ONLY,
    "titles only": TITLES_ONLY,
    "python": (ROOT / "parsers" / "names.py").read_text(encoding="utf-8"),
    "python snippet": "import os\n\ndef main():\n    print(os.getcwd())\n\nif __name__ == "
    "'__main__':\n    main()\n",
    "one sentence": "Hello, world.",
    "one word": "papers",
}

_rng = random.Random(20261122)
BINARY = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06",
    "gzip": gzip.compress(README.encode()),
    "random": bytes(_rng.randrange(256) for _ in range(4096)),
    "random without NUL": bytes(_rng.randrange(1, 256) for _ in range(4096)),
    "short random": bytes(_rng.randrange(128, 256) for _ in range(40)),
    "NUL bytes": b"\x00" * 64,
    "text with NUL": b"Attention Is All You Need\x00Ashish Vaswani\n" * 10,
    "terminal escapes": b"\x1b[2J\x1b[H\x07\x08" * 200,
}


def assert_refused(result, *words: str) -> None:
    assert result.error, "the file was not refused"
    assert result.format is None, f"guessed as {result.format}"
    assert result.papers == []
    assert "\n" not in result.error and len(result.error) < 160
    for word in words:
        assert word in result.error


@pytest.mark.parametrize("name", UNRELATED_TEXT)
def test_unrelated_text_is_refused(name):
    result = parse_bytes(UNRELATED_TEXT[name].encode(), saved=SAVED)
    assert_refused(result, "not a paper-listing page")


@pytest.mark.parametrize("name", BINARY)
def test_binary_is_refused(name):
    assert_refused(parse_bytes(BINARY[name], saved=SAVED), "binary")


@pytest.mark.parametrize(
    ("data", "word"),
    [
        (b"", "empty"),
        (b"   \n\t\r\n  ", "blank"),
        (b"\xef\xbb\xbf", "no text"),
        ("\u00a0\u3000\n".encode(), "no text"),
        (b"\xef\xbb\xbf\r\n\r\n", "no text"),
    ],
)
def test_empty_pages_are_refused(data, word):
    assert_refused(parse_bytes(data, saved=SAVED), word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        (HTML, "HTML"),
        (XML, "HTML or XML"),
        (
            json.dumps({"format": "feed", "papers": [{"title": "Searching for MobileNetV3"}]}),
            "JSON",
        ),
        (
            json.dumps([{"title": "Attention Is All You Need", "authors": ["Ashish Vaswani"]}]),
            "JSON",
        ),
    ],
)
def test_markup_data_and_bibliographies_are_named(text, word):
    assert_refused(parse_bytes(text.encode(), saved=SAVED), word)


def test_a_bibliography_is_read_as_bibtex_not_refused():
    # BibTeX became a source format (issue 12): once refused by name, now read.
    result = parse_bytes(BIBTEX.encode(), saved=SAVED)
    assert result.ok and result.format == "bibtex"
    assert [p.key for p in result.papers] == ["vaswani2017attention", "lecun1998gradient"]
    assert result.papers[1].authors[1] == "L\u00e9on Bottou"


def test_a_parse_of_a_seed_as_json_is_not_a_page():
    seed = sorted((ROOT / "seeds").glob("*.txt"))[1]
    data = json.dumps(parse_file(seed, saved=SAVED).to_dict(), ensure_ascii=False, indent=2)
    assert_refused(parse_bytes(data.encode(), saved=SAVED), "JSON")


def test_missing_files_and_directories(tmp_path):
    assert_refused(parse_file(tmp_path / "nope.txt"), "no such file")
    assert_refused(parse_file(tmp_path), "directory")
