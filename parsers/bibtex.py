"""BibTeX files (``.bib``): each entry a paper, with its key, DOI, arXiv id and URL.

The file is split into blocks by bibtexparser v2; the blocks it could not read
come back as data (one warning each, the entry skipped, the rest kept). On top
of its middlewares this module adds what v2 leaves out: ``#`` concatenation
(with the month macros BibTeX predefines) and ``crossref`` inheritance. What
the fields mean is decided in ``parsers.bibfields``.
"""

from __future__ import annotations

import re

from .base import Page
from .record import ParseResult
from .text import DecodeError, decode

NAME = "bibtex"


# The entry types BibTeX and biblatex styles know, and the other block kinds.
_BLOCK_TYPES = frozenset(
    "article book booklet conference inbook incollection inproceedings manual mastersthesis "
    "misc phdthesis proceedings techreport unpublished online report thesis collection "
    "mvbook mvcollection mvproceedings periodical dataset software patent electronic www "
    "string preamble comment".split()
)
_BLOCK_START_RE = re.compile(r"^@\s*([A-Za-z]+)\s*[{(]")
_FIELD_LINE_RE = re.compile(r"^[A-Za-z][\w:.+-]*\s*=\s*[{\"\d]")


def detect(page: Page) -> float:
    """1.0 when the first line that is not a ``%`` comment opens a BibTeX block.

    A file opening with free text (a tool's banner) still counts when it holds
    entry heads and ``field = {`` lines, which no listing page has.
    """
    lines = page.nonblank()
    first = next((line for _, line in lines if not line.startswith("%")), "")
    if (m := _BLOCK_START_RE.match(first)) and m[1].lower() in _BLOCK_TYPES:
        return 1.0
    heads = fields = 0
    for _, line in lines[:400]:
        if (m := _BLOCK_START_RE.match(line)) and m[1].lower() in _BLOCK_TYPES:
            heads += 1
        elif _FIELD_LINE_RE.match(line):
            fields += 1
    return 0.9 if heads and fields >= heads else 0.0


def parse(page: Page) -> ParseResult:
    return parse_text("\n".join(page.lines))


def parse_bytes(data: bytes) -> ParseResult:
    """Bytes of a .bib (UTF-8 with or without BOM; Latin-1 read with a warning)."""
    try:
        text, warnings = decode(data)
    except DecodeError as exc:
        return ParseResult(format=NAME, error=str(exc))
    result = parse_text(text)
    result.warnings[:0] = warnings
    return result


def parse_text(text: str) -> ParseResult:
    from .bibtex_read import read  # only now: see bibtex_read

    bib = read(text)
    result = ParseResult(
        format=NAME,
        header={
            "subject": None,
            "entries": bib.entries,
            "strings": bib.strings,
            "crossref_parents": bib.parents,
        },
        papers=bib.papers,
        warnings=bib.warnings,
    )
    if not bib.papers:
        result.error = (
            "no entry of this BibTeX file could be read"
            if bib.entries or bib.failed
            else "the BibTeX file holds no entries"
        )
    return result
