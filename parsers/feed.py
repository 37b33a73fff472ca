"""Feed pages: [metadata line], ``<title><authors> · affil`` glued on one line, abstract."""

from __future__ import annotations

from .base import (
    Page,
    check_cut_abstract,
    make_paper,
    note_inferred_years,
)
from .dates import parse_meta
from .names import GluedLine, name_key, split_glued_line
from .record import ParseResult

NAME = "feed"
# A title+authors line is short; an abstract is long.
_MAX_TITLE_LINE = 450
_LONG_LINE = 250


def _glued(line: str, known) -> GluedLine | None:
    if len(line) > _MAX_TITLE_LINE:
        return None
    split = split_glued_line(line, known)
    if split is None:
        return None
    # Abstracts end in a full stop; a title line ends in a name, "et al." or affiliations.
    if line.endswith(".") and not (split.truncated or split.affiliations):
        last = split.authors[-1].rsplit(" ", 1)[-1]
        if not (len(last) <= 4 and last[0].isupper()):  # "J." / "Jr."
            return None
    return split


def detect(page: Page) -> float:
    lines = [line for _, line in page.nonblank()]
    if not lines:
        return 0.0
    glued = meta = long = 0
    for line in lines:
        if parse_meta(line, page.saved):
            meta += 1
        elif _glued(line, page.known):
            glued += 1
        elif len(line) >= _LONG_LINE:
            long += 1
    blanks = len(page.lines) - len(lines)
    covered = (glued + meta + long) / len(lines)
    if glued >= 2 and covered >= 0.8 and blanks <= len(lines) // 4 + 1:
        return 0.9
    if glued == 1 and covered >= 0.99 and long >= 1:
        return 0.5
    return 0.0


def parse(page: Page) -> ParseResult:
    lines = [line for _, line in page.nonblank()]
    # First pass: names that are certain (2nd, 3rd author on each line) help split
    # the first author off the title on every line.
    page_names: set[str] = set()
    for line in lines:
        split = _glued(line, page.known)
        if split is not None:
            page_names.update(name_key(n) for n in split.authors[1:])

    def known(name: str) -> bool:
        return name_key(name) in page_names or page.known(name)

    result = ParseResult(format=NAME, header={"subject": None})
    pending_meta = None
    current = None  # (GluedLine, meta, abstract lines)
    entries: list[tuple[GluedLine, object, list[str], int]] = []
    for n, line in enumerate(lines):
        meta = parse_meta(line, page.saved)
        if meta is not None:
            if pending_meta is not None:
                result.warnings.append(f"line {n}: metadata line with no paper; ignored")
            pending_meta = meta
            current = None
            continue
        split = _glued(line, known)
        if split is not None and (current is None or current[2] or len(line) < _LONG_LINE):
            current = (split, pending_meta, [], n)
            entries.append(current)
            pending_meta = None
            if split.ambiguous:
                result.warnings.append(
                    f"line {n + 1}: title/author boundary is uncertain; read the first "
                    f"author as {split.authors[0]!r}"
                )
            continue
        if current is None:
            result.warnings.append(
                f"line {n + 1}: not a title and authors line; skipped ({line[:60]!r})"
            )
            continue
        current[2].append(line)
    for k, (split, meta, abstract, n) in enumerate(entries):
        is_last = k == len(entries) - 1
        if is_last and not abstract and not page.ends_with_newline:
            result.warnings.append(
                f"page cut off after the title line {split.title!r}; that entry was not kept"
            )
            continue
        result.papers.append(
            make_paper(
                split.title,
                abstract,
                authors=split.authors,
                authors_truncated=split.truncated,
                affiliations=split.affiliations,
                year=meta.year if meta else None,
                date=meta.date if meta else None,
                category=meta.category if meta else None,
                score=meta.score if meta else None,
                has_code=meta.has_code if meta else None,
                year_inferred=meta.year_inferred if meta else False,
            )
        )
    if pending_meta is not None:
        result.warnings.append("page ends with a metadata line and no paper")
    check_cut_abstract(result, page)
    note_inferred_years(result, page)
    return result
