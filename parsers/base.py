"""What every format parser shares: the page context and building papers."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .dates import Meta, parse_meta
from .record import Paper, ParseResult
from .text import lines_show_pdf_damage, looks_complete, repaired_with_links


@dataclass(slots=True)
class Page:
    """A decoded page: cleaned lines plus what the parsers may use besides the text."""

    lines: list[str]
    saved: dt.date
    ends_with_newline: bool
    # Whether a name (case-insensitive, no DBLP number) is known from elsewhere;
    # ``None`` when nothing is known (saves the look-ups).
    known: Callable[[str], bool] | None = None
    # Work a format's detect() did that its parse() can reuse.
    cache: dict[str, Any] = field(default_factory=dict)

    def nonblank(self) -> list[tuple[int, str]]:
        if "nonblank" not in self.cache:
            self.cache["nonblank"] = [(i, line) for i, line in enumerate(self.lines) if line]
        return self.cache["nonblank"]

    def shows_pdf_damage(self) -> bool:
        """Whether the page's text went through PDF extraction: only then are
        its abstracts repaired (repairs would rewrite correct text elsewhere)."""
        if "damage" not in self.cache:
            self.cache["damage"] = lines_show_pdf_damage(self.lines)
        damaged: bool = self.cache["damage"]
        return damaged

    def metas(self) -> list[Meta | None]:
        """Each non-blank line read as a metadata line (profile and feed pages both
        have them; the page is read once for both)."""
        if "metas" not in self.cache:
            self.cache["metas"] = [parse_meta(line, self.saved) for _, line in self.nonblank()]
        return self.cache["metas"]


def make_paper(
    title: str, abstract_lines: list[str] | None = None, *, repair: bool = True, **fields: Any
) -> Paper:
    """A paper; ``repair``: mend PDF-extraction damage in its abstract (see
    ``Page.shows_pdf_damage``)."""
    abstract = None
    links: list[str] = []
    if abstract_lines:
        abstract, links = repaired_with_links("\n\n".join(abstract_lines), repair)
    return Paper(title=title, abstract=abstract, links=links, **fields)


_LATEX_CMD_RE = re.compile(r"\\[a-zA-Z]+\*?")
_NON_ALNUM_RE = re.compile(r"[^0-9a-z]+")


def title_key(title: str) -> str:
    """Normalised title for matching: case, accents, punctuation, spacing, LaTeX."""
    text = _LATEX_CMD_RE.sub(" ", title) if "\\" in title else title
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_ALNUM_RE.sub(" ", text.casefold()).strip()


# Fields a repeat of a paper may fill in where the first showing left them empty.
_FILLABLE = "venue venue_type pub_type year date category score has_code abstract".split()


def dedupe(result: ParseResult) -> None:
    """Keep one paper per title on a page, filling gaps from the repeat."""
    seen: dict[str, int] = {}
    kept: list[Paper] = []
    for pos, paper in enumerate(result.papers, start=1):
        key = title_key(paper.title)
        if key in seen:
            first = kept[seen[key]]
            for name in _FILLABLE:
                if getattr(first, name) is None and getattr(paper, name) is not None:
                    setattr(first, name, getattr(paper, name))
            if len(paper.authors) > len(first.authors):
                first.authors = paper.authors
                first.authors_truncated = paper.authors_truncated
            for link in paper.links:
                if link not in first.links:
                    first.links.append(link)
            result.warnings.append(
                f"paper {pos} repeats paper {seen[key] + 1} ({paper.title!r}); kept once"
            )
            continue
        seen[key] = len(kept)
        kept.append(paper)
    result.papers = kept


def check_cut_abstract(result: ParseResult, page: Page) -> None:
    """Flag a last abstract that stops mid-sentence at the end of the file."""
    if not result.papers or page.ends_with_newline:
        return
    last = result.papers[-1]
    if last.abstract and not looks_complete(last.abstract):
        result.warnings.append(
            f"page looks cut off: the abstract of the last paper ({last.title!r}) ends mid-sentence"
        )


# Longer than any title line or metadata line: a line this long is prose.
PROSE_LINE = 250


def _ends_in_stop(text: str) -> bool:
    return text.rstrip(")]}\"'\u201d\u2019").endswith((".", "\u2026"))


# A finished sentence inside the line ("…technique. Given"): prose, not the
# start of a title or venue line ("J. R. Quinlan", "Proc. IEEE" do not count:
# the word before the stop must be in lower case).
_CLOSE = "[)\"'\u201d\u2019]?"
SENTENCE_INSIDE_RE = re.compile(rf"\b[a-z]{{2,}}{_CLOSE}\.{_CLOSE} [A-Z]")


def drop_partial_tail(abstract: list[str], page: Page, result: ParseResult) -> None:
    """Drop a last line that may be the cut start of an entry the page lost.

    With no newline at the end, the page may have been cut inside its last
    line. If that line would be (part of) an abstract but is short, holds no
    finished sentence and does not end in one, it may as well be the beginning
    of the next entry (``NeurIPS Conf``, half a title line, ``19.5ARNo``) as an
    abstract's first words: keeping it could put made-up text in an abstract,
    so it is dropped. Prose that was cut is kept (and flagged by
    ``check_cut_abstract``).
    """
    if page.ends_with_newline or not abstract:
        return
    last = abstract[-1]
    # A short line must end in a full stop to count as finished prose: a title
    # cut right after its "?" or "!" looks finished too.
    if (
        len(last) >= PROSE_LINE
        or (looks_complete(last) and _ends_in_stop(last))
        or SENTENCE_INSIDE_RE.search(last)
    ):
        return
    abstract.pop()
    result.warnings.append(
        f"page looks cut off: its last line ({last[:60]!r}) is incomplete and was not kept"
    )


def declared_vs_found(result: ParseResult, declared: int | None) -> None:
    """Compare the count a page states with the distinct papers it holds."""
    found = len({title_key(p.title) for p in result.papers})
    repeats = len(result.papers) - found
    if declared is not None and declared != found:
        extra = f" (and {repeats} repeated)" if repeats else ""
        result.warnings.append(f"page declares {declared} papers, {found} found{extra}")


_COUNT_RE = re.compile(r"^(\d[\d,]*)\s*([A-Za-z][A-Za-z -]*)$")


def count_line(line: str, word: str) -> int | None:
    """``28 papers`` / ``60papers`` / ``2 author rows`` -> number, when the word matches."""
    m = _COUNT_RE.match(line)
    if m and m.group(2).strip().lower().rstrip("s") == word.rstrip("s"):
        return int(m.group(1).replace(",", ""))
    return None


def note_inferred_years(result: ParseResult, page: Page) -> None:
    inferred = [i for i, p in enumerate(result.papers, start=1) if p.year_inferred]
    if inferred:
        result.warnings.append(
            f"{len(inferred)} {'date' if len(inferred) == 1 else 'dates'} had no year on the page "
            f"({'paper' if len(inferred) == 1 else 'papers'} "
            f"{', '.join(map(str, inferred))}); the year was taken from the save date "
            f"{page.saved.isoformat()}"
        )
