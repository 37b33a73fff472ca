"""Trending pages: a short site header with the day, then title / abstract pairs."""

from __future__ import annotations

import re

from .base import SENTENCE_INSIDE_RE, Page, check_cut_abstract, drop_partial_tail, make_paper
from .dates import parse_date
from .record import ParseResult

NAME = "trending"
# Header lines of the site, matched at the start of a line (not anywhere in it,
# so a README that merely mentions trending papers is not taken for one).
_MARKER_RE = re.compile(
    r"^(?:get trending papers in your (?:e-?mail )?inbox|by ?ak and the research community)\b",
    re.IGNORECASE,
)
# An abstract is a paragraph, not a one-line remark.
_MIN_ABSTRACT = 80
_URL_RE = re.compile(r"\b(?:https?|ftp)\s*:\s*/|\bwww\.", re.IGNORECASE)  # broken ones too
_HEAD = 12


def _is_title(line: str) -> bool:
    """A title is one short line that does not end like a sentence.

    Abstracts (and their later paragraphs) are prose: long, or ending in a
    full stop, or holding a URL or a finished sentence (an abstract cut short
    can be as short as a title). Titles end in a word, ``?``, ``!`` or ``)``.
    """
    words = line.split()
    if len(line) > 300 or len(words) > 40:
        return False
    return not (line.endswith(".") or _URL_RE.search(line) or SENTENCE_INSIDE_RE.search(line))


def _header_end(lines: list[str], saved) -> int:
    """Index of the first paper line: after the date line, or after the marker lines."""
    for i, line in enumerate(lines[:_HEAD]):
        if parse_date(line, saved) is not None:
            return i + 1
    last = 0
    for i, line in enumerate(lines[:_HEAD]):
        if _MARKER_RE.match(line) or line.lower() in ("new", "subscribe"):
            last = i + 1
    return last


def _pairs(lines: list[str]) -> int:
    """Title lines followed by an abstract: the body a trending page is made of."""
    return sum(
        1
        for a, b in zip(lines, lines[1:], strict=False)
        if _is_title(a) and not _is_title(b) and len(b) >= _MIN_ABSTRACT
    )


def detect(page: Page) -> float:
    lines = [line for _, line in page.nonblank()]
    if not any(_MARKER_RE.match(line) for line in lines[:_HEAD]):
        return 0.0
    return 1.0 if _pairs(lines[_header_end(lines, page.saved) :]) else 0.0


def parse(page: Page) -> ParseResult:
    lines = [line for _, line in page.nonblank()]
    start = _header_end(lines, page.saved)
    header: dict = {"subject": None, "page_date": None}
    for line in lines[:start]:
        parsed = parse_date(line, page.saved)
        if parsed is not None:
            header["page_date"], _year, header["page_date_year_inferred"] = parsed
    result = ParseResult(format=NAME, header=header)
    entries: list[tuple[str, list[str]]] = []
    for n, line in enumerate(lines[start:], start=start):
        if _is_title(line):
            # After a title with no abstract yet this is the next title: that
            # paper has no abstract on the page.
            entries.append((line, []))
        elif entries:
            entries[-1][1].append(line)  # the abstract, or a further paragraph of it
        else:
            result.warnings.append(f"line {n + 1}: abstract without a title; skipped")
    # Only a title that is the very last line of the page may be cut short.
    title_last = bool(entries) and not entries[-1][1]
    if entries:
        drop_partial_tail(entries[-1][1], page, result)
    for k, (title, abstract) in enumerate(entries):
        if k == len(entries) - 1 and title_last and not page.ends_with_newline:
            result.warnings.append(
                f"page looks cut off after the title {title!r}; that entry was not kept"
            )
            continue
        result.papers.append(make_paper(title, abstract, repair=page.shows_pdf_damage()))
    check_cut_abstract(result, page)
    return result
