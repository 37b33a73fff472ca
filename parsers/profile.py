"""Profile pages: metrics header, then metadata line / title / author line / abstract."""

from __future__ import annotations

import re

from .author_lines import parse_author_line
from .base import (
    Page,
    check_cut_abstract,
    declared_vs_found,
    drop_partial_tail,
    make_paper,
    note_inferred_years,
)
from .dates import Meta
from .record import ParseResult

NAME = "profile"

# "h-index31", "1,953citations", "Novelty55%", "AI Score61", "60 Papers"
_METRIC_RE = re.compile(
    r"^(?:(?P<label>[A-Za-z][A-Za-z -]*?) ?(?P<value>\d[\d,]*(?:\.\d+)?%?)"
    r"|(?P<value2>\d[\d,]*(?:\.\d+)?%?) ?(?P<label2>[A-Za-z][A-Za-z -]*))$"
)


def _metric(line: str) -> tuple[str, int | float | str] | None:
    m = _METRIC_RE.match(line) if len(line) <= 40 else None
    if not m:
        return None
    label = (m["label"] or m["label2"]).strip()
    raw = (m["value"] or m["value2"]).replace(",", "")
    if raw.endswith("%"):
        return label, raw
    return label, float(raw) if "." in raw else int(raw)


def _entries(page: Page) -> list[tuple[int, Meta]]:
    return [(i, meta) for i, meta in enumerate(page.metas()) if meta]


def detect(page: Page) -> float:
    lines = [line for _, line in page.nonblank()]
    head = " ".join(lines[:8]).lower()
    score = 0.0
    hits = 0
    for i, _meta in _entries(page):
        # profile: title on its own line, authors on the next
        if i + 2 < len(lines) and parse_author_line(lines[i + 2], page.known) is not None:
            hits += 1
    if hits:
        score = 0.7 if hits >= 2 else 0.5
        if "h-index" in head or "citations" in head:
            score = 1.0
    return score


def parse(page: Page) -> ParseResult:
    lines = [line for _, line in page.nonblank()]
    entries = _entries(page)
    result = ParseResult(format=NAME)
    first = entries[0][0] if entries else len(lines)
    metrics: dict[str, int | float | str] = {}
    for line in lines[:first]:
        if (metric := _metric(line)) is not None:
            metrics[metric[0]] = metric[1]
    declared = None
    for label, value in metrics.items():
        if label.lower() == "papers" and isinstance(value, int):
            declared = value
    result.header = {"subject": None, "metrics": metrics, "declared_papers": declared}
    bounds = [i for i, _ in entries] + [len(lines)]
    for n, (start, meta) in enumerate(entries):
        entry = lines[start + 1 : bounds[n + 1]]
        is_last = n == len(entries) - 1
        if meta.bad_date:
            result.warnings.append(
                f"entry {n + 1}: {meta.bad_date!r} is not a real date; the date was left empty"
            )
        if not entry:
            result.warnings.append(f"entry {n + 1} ({lines[start]!r}) has no title; skipped")
            continue
        title = entry[0]
        rest = entry[1:]
        authors: list[str] = []
        truncated = False
        affiliations: list[str] = []
        if rest and (al := parse_author_line(rest[0], page.known)) is not None:
            authors, truncated, affiliations = al.authors, al.truncated, al.affiliations
            rest = rest[1:]
        if is_last and not page.ends_with_newline:
            if not rest and not entry[-1].endswith("et al."):
                # The page stops in the title or author line: either may be cut
                # short, and nothing after them shows that they are complete.
                result.warnings.append(
                    f"page looks cut off in the entry {title!r}; that entry was not kept"
                )
                continue
            drop_partial_tail(rest, page, result)
        result.papers.append(
            make_paper(
                title,
                rest,
                repair=page.shows_pdf_damage(),
                authors=authors,
                authors_truncated=truncated,
                affiliations=affiliations,
                year=meta.year,
                date=meta.date,
                category=meta.category,
                score=meta.score,
                has_code=meta.has_code,
                year_inferred=meta.year_inferred,
            )
        )
    check_cut_abstract(result, page)
    note_inferred_years(result, page)
    declared_vs_found(result, declared)
    return result
