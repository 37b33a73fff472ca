"""The export's shortcuts give what the plain rules give.

The 10,000-paper export skips work for common text (already clean, nothing to
escape, no word to protect, pure ASCII) and writes in pieces. Each shortcut is
checked here against the rule it stands for, so byte-for-byte output does not
rest on the seed and benchmark libraries alone.
"""

from __future__ import annotations

import itertools
import json
import re
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperscope.export import FORMATS, chunks, csljson, render, write_export
from paperscope.export import bibtex as bibtex_module
from paperscope.export.entries import make_entries
from paperscope.export.keys import STOPWORDS, _ascii_words, _title_word
from paperscope.export.latex import (
    _JUNK_RE,
    _WORD_RE,
    TEXT_ESCAPES,
    clean,
    escape_plain,
    needs_protection,
    protected_spans,
    segments,
    title,
)
from paperscope.safe_text import _HIDDEN_RE, strip_invisible
from tests.conftest import budget

try:
    from tests.export_fixtures import paper
except ImportError:  # tests/ is not a package
    from export_fixtures import paper

ASCII_TITLE = st.text(alphabet="aAbBzZ09-/'_ .,:$&%{}\\", max_size=40)
HOSTILE = st.text(
    alphabet=st.one_of(
        st.sampled_from("aAB9 -/'’_$&%{}\\~^<>|#\t\n\x00\x1b\x7f\x85\xa0\u200b\u202e\u2028\ufeff"),
        st.characters(),
    ),
    max_size=40,
)


def _slow_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD_RE.finditer(text) if needs_protection(m[0])]


def _slow_clean(text: str) -> str:
    return " ".join(_JUNK_RE.sub(" ", strip_invisible(text)).split())


def _slow_escape(text: str) -> str:
    return "".join(TEXT_ESCAPES.get(ch, ch) for ch in text)


def _slow_title_word(text: str) -> str:
    words = [w for math, piece in segments(text) if not math for w in _ascii_words(piece)]
    return next((w for w in words if w not in STOPWORDS), words[0] if words else "")


def test_protected_words_of_every_short_ascii_text():
    """Exhaustive over an alphabet with every kind of character the ASCII scan tells apart."""
    for n in range(6):
        for chars in itertools.product("aAB9-'_ ", repeat=n):
            text = "".join(chars)
            assert list(protected_spans(text)) == _slow_spans(text), text


@settings(max_examples=budget(400))
@given(st.one_of(ASCII_TITLE, HOSTILE))
def test_protected_words_match_needs_protection(text):
    assert list(protected_spans(text)) == _slow_spans(text)


def test_printable_text_is_already_clean_text():
    """clean() returns printable text as it is (spaces folded): so nothing it would remove or
    fold may be printable, on this Python's Unicode tables."""
    for code in range(0x110000):
        ch = chr(code)
        if _HIDDEN_RE.match(ch) or _JUNK_RE.match(ch) or (ch.isspace() and ch != " "):
            assert not ch.isprintable(), hex(code)
    ascii_printable = re.compile(r"[ -~]*")
    for code in range(0x80):
        assert bool(ascii_printable.fullmatch(chr(code))) == chr(code).isprintable()


@settings(max_examples=budget(400))
@given(HOSTILE)
def test_clean_matches_the_plain_rule(text):
    assert clean(text) == _slow_clean(text)


def test_escapes_hold_no_other_escaped_character():
    """escape_plain replaces one character at a time after the backslash and braces: sound
    only while no other escape holds a character it would then escape again."""
    for char, latex in TEXT_ESCAPES.items():
        if char in "\\{}":
            continue
        assert not set(latex) & (set(TEXT_ESCAPES) - {char, "\\", "{", "}"}), char


@settings(max_examples=budget(400))
@given(HOSTILE)
def test_escape_plain_matches_one_pass_translation(text):
    assert escape_plain(text) == _slow_escape(text)


@settings(max_examples=budget(300))
@given(st.one_of(ASCII_TITLE, HOSTILE))
def test_title_fast_path_matches_general_path(text):
    """Titles without math skip the brace grouping; a dollar that is not math must not matter."""
    cleaned = clean(text)
    pieces = []
    for is_math, piece in segments(cleaned):
        if is_math:
            pieces.append((True, piece))
            continue
        pos = 0
        for start, end in _slow_spans(piece):
            if start > pos:
                pieces.append((False, _slow_escape(piece[pos:start])))
            pieces.append((True, piece[start:end]))
            pos = end
        if pos < len(piece):
            pieces.append((False, _slow_escape(piece[pos:])))
    out, group = [], []
    for protected, latex in pieces:
        if protected:
            group.append(latex)
            continue
        if group:
            out.append("{" + "".join(group) + "}")
            group = []
        out.append(latex)
    if group:
        out.append("{" + "".join(group) + "}")
    assert title(text) == "".join(out)


@settings(max_examples=budget(400))
@given(
    st.lists(
        st.one_of(st.sampled_from(sorted(STOPWORDS)), HOSTILE, st.sampled_from(["$x$", "$", "2D"])),
        max_size=6,
    ).map(" ".join)
)
def test_title_word_matches_word_list(text):
    assert _title_word(text) == _slow_title_word(text)


@settings(max_examples=budget(100))
@given(
    st.lists(
        st.builds(
            paper,
            title=HOSTILE,
            authors=st.lists(HOSTILE, max_size=3),
            abstract=st.one_of(st.none(), HOSTILE),
            year=st.one_of(st.none(), st.integers(1990, 2030)),
        ),
        max_size=4,
    )
)
def test_csljson_in_pieces_is_one_json_dump(papers):
    entries = make_entries(papers, abstract=True)
    whole = json.dumps([csljson.item(e) for e in entries], ensure_ascii=False, indent=2) + "\n"
    assert csljson.render(entries) == whole


@pytest.mark.parametrize("fmt", FORMATS)
def test_chunks_join_to_render(fmt):
    papers = [paper(f"Paper {i} on $x^2$ & LLMs", authors=["Ann Lee", "Bo Li"]) for i in range(5)]
    assert "".join(chunks(papers, fmt)) == render(papers, fmt)


def test_write_export_holds_one_block_not_the_file(tmp_path):
    """Written in blocks as entries are made: the peak stays far below the file's size."""
    abstract = ("A long abstract with 50% of x & more. " * 500).strip()  # about 20 kB
    papers = [paper(f"Paper {i}", authors=[f"Author {i}"], abstract=abstract) for i in range(600)]
    write_export(papers[:2], tmp_path / "warm.bib")  # imports and caches are not the export
    tracemalloc.start()
    try:
        out = write_export(papers, tmp_path / "big.bib")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    size = out.stat().st_size
    assert size > 12_000_000
    # the whole text as one string and its bytes would be twice the size
    assert peak < size / 4, (peak, size)


def test_a_failure_part_way_leaves_no_file(tmp_path, monkeypatch):
    papers = [paper(f"Paper {i}") for i in range(3)]
    calls = []
    real = bibtex_module._pieces

    def failing(entry, lead=""):
        calls.append(entry)
        if len(calls) == 2:
            raise RuntimeError("boom")
        return real(entry, lead)

    monkeypatch.setattr(bibtex_module, "_pieces", failing)
    with pytest.raises(RuntimeError, match="boom"):
        write_export(papers, tmp_path / "out.bib")
    assert list(tmp_path.iterdir()) == []
