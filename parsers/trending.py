"""Trending pages: a short site header with the day, then title / abstract pairs."""

from __future__ import annotations

from .base import Page, check_cut_abstract, make_paper
from .dates import parse_date
from .record import ParseResult

NAME = "trending"
_MARKERS = ("get trending papers", "byak and the research community", "trending papers")


def _is_title(line: str) -> bool:
    """Titles are short and rarely end with a full stop; abstracts are paragraphs."""
    words = line.split()
    if len(line) > 300 or len(words) > 40:
        return False
    return not (line.endswith(".") and len(words) > 20)


def _header_end(lines: list[str], saved) -> int:
    """Index of the first paper line: after the date line, or after the marker lines."""
    for i, line in enumerate(lines[:12]):
        if parse_date(line, saved) is not None:
            return i + 1
    last = 0
    for i, line in enumerate(lines[:12]):
        if any(m in line.lower() for m in _MARKERS) or line.lower() in ("new", "subscribe"):
            last = i + 1
    return last


def detect(page: Page) -> float:
    head = " ".join(line.lower() for _, line in page.nonblank()[:12])
    return 1.0 if any(m in head for m in _MARKERS) else 0.0


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
        if entries and not entries[-1][1] and not _is_title(line):
            entries[-1][1].append(line)
        elif _is_title(line):
            entries.append((line, []))
        elif entries:
            entries[-1][1].append(line)  # a second paragraph of the abstract
        else:
            result.warnings.append(f"line {n + 1}: abstract without a title; skipped")
    for k, (title, abstract) in enumerate(entries):
        if k == len(entries) - 1 and not abstract and not page.ends_with_newline:
            result.warnings.append(
                f"page cut off after the title {title!r}; that entry was not kept"
            )
            continue
        result.papers.append(make_paper(title, abstract))
    check_cut_abstract(result, page)
    return result

