"""Author-cluster pages: a person's header, then venue line / title / • authors / abstract."""

from __future__ import annotations

import re

from .base import (
    Page,
    check_cut_abstract,
    count_line,
    declared_vs_found,
    drop_partial_tail,
    make_paper,
)
from .record import ParseResult

NAME = "author-cluster"
# The site prints at most this many authors per paper.
AUTHOR_CAP = 8
MARKER = "author name cluster"

# "NeurIPS Conference 2023 Conference Paper" / "TMLR Journal 2022 Journal Article"
VENUE_RE = re.compile(
    r"^(?P<venue>\S.{0,80}?) (?P<vtype>[A-Z][a-z]+) (?P<year>(?:19|20)\d\d)"
    r" (?P<ptype>[A-Z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*){0,3})$"
)
BULLET_RE = re.compile(r"^[\u2022\u25cf\u25e6\u2023\u2043*\-\u2013]\s*(?P<name>\S.*)$")


def _is_venue(line: str) -> bool:
    # " 19"/" 20" (the year) first: most lines are not venue lines, and the
    # pattern's lazy venue part would be tried at every length on them.
    return (
        len(line) <= 120 and (" 19" in line or " 20" in line) and VENUE_RE.match(line) is not None
    )


def detect(page: Page) -> float:
    head = [line.lower() for _, line in page.nonblank()[:15]]
    if MARKER in head:
        return 1.0
    lines = [line for _, line in page.nonblank()]
    hits = sum(
        1
        for i, line in enumerate(lines[:-2])
        if _is_venue(line) and BULLET_RE.match(lines[i + 2] if i + 2 < len(lines) else "")
    )
    return 0.8 if hits >= 2 else 0.6 if hits == 1 else 0.0


def _header(lines: list[str], end: int) -> dict:
    header: dict = {"subject": None}
    head = lines[:end]
    lower = [line.lower() for line in head]
    if MARKER in lower:
        k = lower.index(MARKER)
        header["site"] = head[0] if k > 0 else None
        if k + 1 < len(head):
            header["subject"] = head[k + 1]
        if k + 2 < len(head) and head[k + 2].endswith("."):
            header["note"] = head[k + 2]
    for line in head:
        if (n := count_line(line, "papers")) is not None:
            header["declared_papers"] = n
        elif (n := count_line(line, "author rows")) is not None:
            header["author_rows"] = n
    if "possible papers" in lower:
        k = lower.index("possible papers")
        if k + 1 < len(head) and head[k + 1].isdigit():
            header["listed_papers"] = int(head[k + 1])
    return header


def parse(page: Page) -> ParseResult:
    lines = [line for _, line in page.nonblank()]
    starts = [i for i, line in enumerate(lines) if _is_venue(line)]
    result = ParseResult(format=NAME)
    result.header = _header(lines, starts[0] if starts else len(lines))
    bounds = [*starts, len(lines)]
    for n, (start, end) in enumerate(zip(bounds, bounds[1:], strict=False)):
        entry = lines[start:end]
        is_last = n == len(starts) - 1
        m = VENUE_RE.match(entry[0])
        assert m is not None
        if len(entry) < 2 or BULLET_RE.match(entry[1]):
            result.warnings.append(f"entry {n + 1} ({entry[0]!r}) has no title; skipped")
            continue
        title = entry[1]
        k = 2
        authors: list[str] = []
        while k < len(entry) and (b := BULLET_RE.match(entry[k])):
            authors.append(b["name"].strip())
            k += 1
        abstract = entry[k:]
        cut_in_authors = False
        if is_last and not page.ends_with_newline:
            if not abstract and not authors:
                result.warnings.append(
                    f"page looks cut off after the title {title!r}; that entry was not kept"
                )
                continue
            if not abstract:
                # The last name may be cut short ("Geng Yu" for "Geng Yuan"):
                # it is not kept, and the list is marked as incomplete.
                cut_in_authors = True
                lost = authors.pop()
                result.warnings.append(
                    f"page looks cut off in the author list of {title!r}; the last name "
                    f"({lost!r}) may be incomplete and was not kept"
                )
            drop_partial_tail(abstract, page, result)
        # Without author lines the paper is by the page's subject (the page
        # lists that person's papers): said so, and flagged as a reading.
        subject = result.header.get("subject")
        inferred = not authors and not cut_in_authors and isinstance(subject, str)
        if inferred:
            authors = [str(subject)]
        result.papers.append(
            make_paper(
                title,
                abstract,
                repair=page.shows_pdf_damage(),
                authors_inferred=inferred,
                authors=authors,
                authors_truncated=len(authors) >= AUTHOR_CAP or cut_in_authors,
                venue=m["venue"],
                venue_type=m["vtype"],
                pub_type=m["ptype"],
                year=int(m["year"]),
            )
        )
    check_cut_abstract(result, page)
    declared_vs_found(result, result.header.get("declared_papers"))
    return result
