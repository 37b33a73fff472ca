"""Trending pages: a short site header with the day, then title / abstract pairs."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from . import hf_page
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


def _header_end(lines: list[str], saved: dt.date) -> int:
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
    if hf_page.is_current_page(lines):
        text = hf_page.joined_lines(page.lines)
        body = text[_current_header_end(text, page.saved) :]
        return 1.0 if _pairs([x for x in body if hf_page.furniture(x) is None]) else 0.0
    return 1.0 if _pairs(lines[_header_end(lines, page.saved) :]) else 0.0


def parse(page: Page) -> ParseResult:
    lines = [line for _, line in page.nonblank()]
    header: dict[str, Any] = {"subject": None, "page_date": None}
    result = ParseResult(format=NAME, header=header)
    entries: list[tuple[str, list[str]]] = []
    data: list[dict[str, Any]] = []
    if hf_page.is_current_page(lines):
        current = _parse_current(page, result)
        entries = [(e.title, e.abstract) for e in current]
        data = [e.data for e in current]
    else:
        start = _header_end(lines, page.saved)
        for line in lines[:start]:
            parsed = parse_date(line, page.saved)
            if parsed is not None:
                header["page_date"], _year, header["page_date_year_inferred"] = parsed
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
        extra = data[k] if data else {}
        result.papers.append(make_paper(title, abstract, repair=page.shows_pdf_damage(), **extra))
    check_cut_abstract(result, page)
    return result


# Furniture that belongs to a paper and so ends the page header.
_PAPER_FURNITURE = frozenset({"submitted", "handle-next", "upvotes", "upvote-label", "authors"})


def _current_header_end(lines: list[str], saved: dt.date) -> int:
    """First paper line of a current page: after the marker, nav and page-date lines."""
    end = 0
    for i, line in enumerate(lines[:40]):
        f = hf_page.furniture(line)
        if f is not None and (
            f.kind in _PAPER_FURNITURE
            or f.kind == "number"
            or (f.kind == "date" and (f.org or f.comments is not None or "," in line))
        ):
            break
        if (
            _MARKER_RE.match(line)
            or "research community" in line
            or line.lower() == "new"
            or (f is not None and f.kind in ("skip", "date"))
        ):
            end = i + 1
    return end


@dataclass(slots=True)
class _Entry:
    title: str
    abstract: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    closed: bool = False  # its date line has been read: what follows is not its text


def _parse_current(page: Page, result: ParseResult) -> list[_Entry]:
    """Titles, abstracts and furniture of a page in Hugging Face's current layout."""
    lines = hf_page.joined_lines(page.lines)
    start = _current_header_end(lines, page.saved)
    for line in lines[:start]:
        parsed = parse_date(line, page.saved)
        if parsed is not None:
            result.header["page_date"], _year, result.header["page_date_year_inferred"] = parsed
    body = lines[start:]
    entries: list[_Entry] = []
    pending: dict[str, Any] = {}  # furniture printed before the title it belongs to
    lead: bool | None = None  # upvote counts come before their title (else after the date)
    expect: str | None = None  # the next line is a submitter's handle / an upvote count

    def upvotes(value: str | None) -> None:
        nonlocal lead
        if lead is None:
            lead = not entries
        count = int(value) if value is not None else None
        if lead:
            pending["upvotes"] = count
        elif entries:
            entries[-1].data["upvotes"] = count

    for k, line in enumerate(body):
        f = hf_page.furniture(line)
        current = entries[-1] if entries else None
        if expect == "handle":
            expect = None
            if f is None and " " not in line and len(line) <= 40:
                pending["submitted_by"] = line
                continue
        if f is not None:
            if f.kind == "handle-next":
                expect = "handle"
            elif f.kind == "submitted":
                pending["submitted_by"] = f.value
            elif f.kind == "upvote-label":
                expect = "upvotes"
            elif f.kind == "upvotes":
                upvotes(f.value)
            elif f.kind == "number" and expect == "upvotes":
                expect = None
                upvotes(f.value)
            elif f.kind == "number" and current is None:
                upvotes(f.value)
            elif f.kind == "number" and current is not None and current.closed:
                # After the date: the comment count when its #community link
                # says so, the next paper's upvotes where those lead; a number
                # nothing identifies is not stored.
                if body[k + 1 : k + 2] and body[k + 1].endswith("#community"):
                    current.data.setdefault("comments", int(f.value or 0))
                elif lead:
                    upvotes(f.value)
            elif f.kind == "authors" and current is not None:
                current.data["authors_count"] = int(f.value or 0)
            elif f.kind == "date" and current is not None:
                _read_date(current, f, page.saved)
            continue
        if current is not None and not current.closed and _before_separator(body, k):
            current.data["organization"] = line  # "Google" / "·" / "Oct 23, 2025"
            continue
        if _is_title(line) and (current is None or current.abstract or current.closed):
            entries.append(_Entry(line, data=dict(pending)))
            pending.clear()
        elif current is not None and not current.closed:
            current.abstract.append(line)
        else:
            result.warnings.append(f"{line[:60]!r}: text after a paper's date line; skipped")
    return entries


def _before_separator(body: list[str], k: int) -> bool:
    """Whether line ``k`` is followed by the ``·`` that separates a name from the date."""
    line = body[k]
    if len(line) > 80 or line.endswith("."):
        return False
    for nxt in body[k + 1 : k + 4]:
        if nxt == "·":
            return True
        f = hf_page.furniture(nxt)
        if f is None or f.kind != "skip":
            return False
    return False


def _read_date(entry: _Entry, f: hf_page.Furniture, saved: dt.date) -> None:
    entry.closed = True
    if f.org:
        entry.data["organization"] = f.org
    if f.comments is not None:
        entry.data["comments"] = f.comments
    parsed = parse_date(f.date or "", saved)
    if parsed is not None:
        entry.data["date"], entry.data["year"], entry.data["year_inferred"] = parsed
