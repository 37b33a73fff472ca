"""Property tests: arbitrary titles, names and abstracts survive every export format.

Each output is parsed back by an independent reader (pybtex and bibtexparser for
BibTeX, json for CSL-JSON, rispy for RIS, markdown-it for Markdown) and must give
the same fields: for BibTeX after undoing the escaping with ``untex``, which is
written from the escaping table alone.
"""

from __future__ import annotations

import json
import re

import bibtexparser
import pybtex.errors
import rispy
from bibtexparser.middlewares.names import (
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from pybtex.database import parse_string

from paperscope.export import render
from paperscope.export.latex import clean
from paperscope.export.persons import split_name
from tests.conftest import budget

try:
    from tests.export_fixtures import latex_hazards, paper, untex
except ImportError:  # tests/ is not a package
    from export_fixtures import latex_hazards, paper, untex

SPECIALS = [
    "&",
    "%",
    "#",
    "_",
    "$",
    "$1k",
    "$^2$",
    "$x$",
    "$\\alpha_{i}$",
    "{",
    "}",
    "{}",
    "\\",
    "~",
    "^",
    "<",
    ">",
    "|",
    ",",
    " and ",
    "AND",
    "others",
    "ViT",
    "LLMs",
    "3D",
    "I/O",
    "@",
    '"',
    "'",
    "=",
    "\n",
    "\t",
    "\x00",
    "\x1b[31m",
    "ü",
    "中",
    "—",
    "**",
    "[x](y)",
    "<b>",
    "`",
    "&amp;",
    "1.",
    "- ",
    "# ",
    "ER  - ",
    "TY  - ",
    "\\par",
    "%%",
    "}{",
    "\u00a0",
    "\ufeff",
]
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
TEXTS = st.lists(st.one_of(_text, st.sampled_from(SPECIALS)), max_size=10).map("".join)
TITLES = TEXTS.filter(lambda t: clean(t))
NAME_WORDS = st.one_of(
    st.sampled_from(
        [
            "van",
            "der",
            "de",
            "De",
            "La",
            "Van",
            "Jr.",
            "III",
            "J.",
            "Jean-Claude",
            "O'Neil",
            "Zoë",
            "Ñúñez-García",
            "and",
            "others",
            "0019",
            "Li",
            "danah",
            "{x}",
            "\\",
            "&",
            ",",
            "$",
            "~",
            "Élodie",
            "ßa",
            "3com",
        ]
    ),
    st.text(st.characters(blacklist_categories=("Cs", "Z", "Cc")), min_size=1, max_size=8),
)
NAMES = st.lists(NAME_WORDS, min_size=1, max_size=5).map(" ".join)
AUTHORS = st.lists(NAMES, max_size=4)

SETTINGS = settings(
    max_examples=budget(200),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def make(title, authors, abstract, truncated=False):
    return paper(
        title,
        id="p1",
        authors=authors,
        abstract=abstract,
        authors_truncated=truncated,
        year=2023,
        venue="NeurIPS",
        venue_type="Conference",
    )


def expected_people(authors):
    return [n for n in map(split_name, authors) if n.family]


def parts(name) -> tuple[str, str, str, str]:
    return (name.given, name.particle, name.family, name.suffix)


@SETTINGS
@given(TITLES, AUTHORS, TEXTS, st.booleans())
def test_bibtex_reads_back_the_same_fields(title, authors, abstract, truncated):
    bib = render([make(title, authors, abstract, truncated)])
    assert bib == render([make(title, authors, abstract, truncated)])
    people = expected_people(authors)

    pybtex.errors.set_strict_mode(True)
    try:
        data = parse_string(bib, "bibtex")
    finally:
        pybtex.errors.set_strict_mode(False)
    ((key, entry),) = data.entries.items()
    assert re.fullmatch(r"[a-z0-9]+", key)
    for field in ("title", "abstract", "booktitle"):
        assert latex_hazards(entry.fields.get(field, "")) == [], field
    for person in entry.persons.get("author", []):
        assert latex_hazards(str(person)) == []
    assert untex(entry.fields["title"]) == clean(title)
    assert untex(entry.fields.get("abstract", "")) == clean(abstract)
    got = [
        tuple(
            untex(" ".join(x))
            for x in (
                p.first_names + p.middle_names,
                p.prelast_names,
                p.last_names,
                p.lineage_names,
            )
        )
        for p in entry.persons.get("author", [])
    ]
    if truncated and people:
        assert got.pop() == ("", "", "others", "")
    assert got == [parts(n) for n in people]

    lib = bibtexparser.parse_string(bib)
    assert lib.failed_blocks == []
    (bp,) = lib.entries
    assert bp.key == key
    assert untex(bp.fields_dict["title"].value) == clean(title)
    if people:
        names = split_multiple_persons_names(bp.fields_dict["author"].value)
        if truncated:
            assert names.pop() == "others"
        split = [parse_single_name_into_parts(n) for n in names]
        assert [
            tuple(untex(" ".join(x)) for x in (s.first, s.von, s.last, s.jr)) for s in split
        ] == [parts(n) for n in people]
    else:
        assert "author" not in bp.fields_dict


@SETTINGS
@given(NAMES)
def test_names_keep_every_word_in_order(name):
    """The parts BibTeX gets put back together are the printed name (DBLP number aside)."""
    n = split_name(name)
    words = " ".join(p for p in parts(n) if p).split()
    assert words == [w for w in clean(name).split() if w] or re.search(r" \d{4}$", clean(name))


@SETTINGS
@given(TITLES, AUTHORS, TEXTS)
def test_csljson_reads_back_the_same_fields(title, authors, abstract):
    (item,) = json.loads(render([make(title, authors, abstract)], "csljson"))
    assert item["title"] == clean(title)
    assert item.get("abstract", "") == clean(abstract)
    want = [
        {
            k: v
            for k, v in (
                ("family", n.family),
                ("given", n.given),
                ("non-dropping-particle", n.particle),
                ("suffix", n.suffix),
            )
            if v
        }
        for n in expected_people(authors)
    ]
    assert item.get("author", []) == want


@SETTINGS
@given(TITLES, AUTHORS, TEXTS)
def test_ris_reads_back_the_same_fields(title, authors, abstract):
    (record,) = rispy.loads(render([make(title, authors, abstract)], "ris"))
    assert record["type_of_reference"] == "CONF"
    assert record["title"] == clean(title)
    assert record.get("abstract", "") == clean(abstract)
    assert record.get("authors", []) == [
        n.family_full
        + (f", {n.given}" if n.given or n.suffix else "")
        + (f", {n.suffix}" if n.suffix else "")
        for n in expected_people(authors)
    ]


def _strong_text(tokens) -> str:
    """Text of the first **bold** span in an inline token's children."""
    out, inside = [], False
    for child in tokens:
        if child.type == "strong_open":
            inside = True
        elif child.type == "strong_close":
            return "".join(out)
        elif inside:
            assert child.type in ("text", "softbreak"), child.type  # nothing became markup
            out.append(child.content)
    raise AssertionError("no bold title")


@SETTINGS
@given(TITLES, AUTHORS, TEXTS)
def test_markdown_shows_the_text_and_nothing_becomes_markup(title, authors, abstract):
    md = render([make(title, authors, abstract)], "markdown")
    tokens = MarkdownIt("commonmark").parse(md)
    inline = [t for t in tokens if t.type == "inline"]
    assert _strong_text(inline[2].children) == clean(title)  # [heading, count, item title]
    if clean(abstract):
        quote = inline[-1].children
        assert all(c.type in ("text", "softbreak") for c in quote)
        assert "".join(c.content for c in quote) == clean(abstract)
    assert not [t for t in tokens if t.type in ("html_block", "html_inline")]
