"""Feed pages: [metadata line], ``<title><authors> · affil`` glued on one line, abstract."""

from __future__ import annotations

from collections.abc import Callable

from .base import (
    Page,
    check_cut_abstract,
    drop_partial_tail,
    make_paper,
    note_inferred_years,
)
from .dates import Meta
from .feed_split import GluedLine, split_glued_line
from .known_names import KnownNames
from .names import SUFFIXES, is_initials
from .record import ParseResult

NAME = "feed"
# A row of the first pass: the line, its metadata reading, its title-line reading.
_Row = tuple[str, Meta | None, GluedLine | None]
# A paper being read: its title line, metadata, abstract lines, line number.
_Entry = tuple[GluedLine, Meta | None, list[str], int]
# What was read so far on the way down the page; after a skipped paper the
# title line is ``None`` (its abstract lines are then swallowed, not kept).
_Current = tuple[GluedLine | None, Meta | None, list[str], int]
# A title+authors line is short; an abstract is long.
_MAX_TITLE_LINE = 450
_LONG_LINE = 250
# A shorter line still counts as prose (a short abstract) if it ends like a sentence.
_PROSE_MIN = 60


def _glued(line: str, known: Callable[[str], bool] | None, force: bool = False) -> GluedLine | None:
    if len(line) > _MAX_TITLE_LINE or (line.endswith(".") and not _may_end_a_title_line(line)):
        return None
    split = split_glued_line(line, known, force=force)
    if split is None:
        return None
    # Abstracts end in a full stop; a title line ends in a name, "et al." or affiliations.
    if line.endswith(".") and not (split.truncated or split.affiliations):
        last = split.authors[-1].rsplit(" ", 1)[-1]
        if not (is_initials(last) or last in SUFFIXES):  # "J." / "Jr."
            return None
    return split


def _may_end_a_title_line(line: str) -> bool:
    """A title line ending in "." ends in "et al.", an initial, "Jr." or affiliations."""
    last = line.rsplit(" ", 1)[-1]
    return line.endswith("et al.") or "\u00b7 " in line or (len(last) <= 4 and last[0].isupper())


def _first_pass(page: Page) -> list[_Row]:
    """Each non-blank line read on its own: metadata, title line, or neither."""
    if "feed" not in page.cache:
        rows: list[_Row] = []
        for (_, line), meta in zip(page.nonblank(), page.metas(), strict=True):
            rows.append((line, meta, None if meta else _glued(line, page.known)))
        page.cache["feed"] = rows
    rows_read: list[_Row] = page.cache["feed"]
    return rows_read


def _is_prose(line: str) -> bool:
    return len(line) >= _LONG_LINE or (len(line) >= _PROSE_MIN and line[-1] in ".!?)")


def detect(page: Page) -> float:
    rows = _first_pass(page)
    if not rows:
        return 0.0
    glued = meta = prose = 0
    strong = False  # a title line that can only be a title line
    for k, (line, m, split) in enumerate(rows):
        if m is not None:
            meta += 1
        elif split is not None:
            glued += 1
            after_meta = k > 0 and rows[k - 1][1] is not None
            strong = strong or after_meta or split.truncated or bool(split.affiliations)
        elif _is_prose(line):
            prose += 1
    covered = (glued + meta + prose) / len(rows)
    # Title lines are about as many as abstracts: a few stray "glued" lines in
    # a long text do not make it a feed.
    share = glued / max(1, len(rows) - meta)
    if glued >= 2 and covered >= 0.8 and share >= 0.2:
        return 0.9
    if glued == 1 and strong and prose >= 1 and glued + meta + prose == len(rows):
        # One paper: its title line (after a metadata line, or with "et al." /
        # affiliations) and its abstract; nothing else may be on the page.
        return 0.6
    return 0.0


def _title_like(line: str) -> bool:
    return len(line) <= 300 and not line.endswith(".") and "://" not in line


def _prose(row: _Row) -> bool:
    line, meta, split = row
    return meta is None and split is None and not _title_like(line)


def _title_without_authors(
    rows: list[_Row],
    k: int,
    pending_meta: tuple[int, Meta] | None,
    current: _Current | None,
) -> bool:
    """Whether row ``k``, which holds no names, is the title of a paper without authors.

    It is when it sits where a title line goes -- right after a metadata line,
    or after a finished abstract (or first on the page) with an abstract below
    it -- and is shaped like a title rather than like a sentence. Otherwise a
    paper listed without authors would vanish into the abstract before it.
    """
    if not _title_like(rows[k][0]):
        return False
    if pending_meta is not None:
        return True
    followed_by_prose = k + 1 < len(rows) and _prose(rows[k + 1])
    return followed_by_prose and (current is None or bool(current[2]))


def _forced_split(rows: list[_Row], k: int, known: Callable[[str], bool]) -> GluedLine | None:
    """Row ``k`` sits where a title line goes and an abstract follows it: if it
    ends in an author list (``et al.``, affiliations or a comma), it is a paper
    even when no reading is clean -- the best one is kept, flagged uncertain."""
    line = rows[k][0]
    if not _title_like(line) and not line.endswith("et al."):
        return None
    if not (k + 1 < len(rows) and _prose(rows[k + 1])):
        return None
    return _glued(line, known, force=True)


def _worth_a_second_look(line: str, split: GluedLine | None, known: Callable[[str], bool]) -> bool:
    """Whether names known from the page could change how ``line`` reads.

    A line read one way is read again only if another reading's name is known;
    a line with no reading only if it could be a title line (short, and not
    ending like a sentence) -- so abstracts are not searched for names twice.
    """
    if split is not None:
        return any(map(known, split.alternatives))
    if len(line) >= _LONG_LINE:
        return False
    return not line.endswith(".") or line.endswith("et al.")


def parse(page: Page) -> ParseResult:
    rows = _first_pass(page)
    # Second pass: names that are certain (2nd, 3rd author on each line) help
    # split the first author off the title on the lines that had a choice.
    page_names = KnownNames()
    for _line, _m, split in rows:
        if split is not None:
            page_names.add(split.authors[1:])
    known = page_names.joined(page.known)

    uncertain = 0
    result = ParseResult(format=NAME, header={"subject": None})
    pending_meta: tuple[int, Meta] | None = None
    current: _Current | None = None
    entries: list[_Entry] = []
    for n, (line, meta, split) in enumerate(rows, start=1):
        if meta is not None:
            if pending_meta is not None:
                result.warnings.append(
                    f"line {pending_meta[0]}: metadata line with no paper; ignored"
                )
            if meta.bad_date:
                result.warnings.append(
                    f"line {n}: {meta.bad_date!r} is not a real date; the date was left empty"
                )
            pending_meta = (n, meta)
            current = None
            continue
        if _worth_a_second_look(line, split, known):
            split = _glued(line, known)
        at_title_place = pending_meta is not None or current is None or bool(current[2])
        if split is None and at_title_place:
            # Names end the line but no reading is clean: still a paper, flagged.
            split = _forced_split(rows, n - 1, known)
        if split is None and _title_without_authors(rows, n - 1, pending_meta, current):
            # A feed line always names its authors: one that seems to have none may
            # end in a lone name ("…Reward?Elle"), so it is kept whole but flagged,
            # with the name-ending readings as the alternatives.
            forced = _glued(line, known, force=True)
            readings = ((forced.title, tuple(forced.authors)),) if forced else ()
            split = GluedLine(line, [], False, [], 0, True, readings=readings)
            result.warnings.append(f"line {n}: a title with no authors ({line[:60]!r})")
        if split is not None and (current is None or current[2] or len(line) < _LONG_LINE):
            entry: _Entry = (split, pending_meta[1] if pending_meta else None, [], n)
            entries.append(entry)
            current = entry
            pending_meta = None
            uncertain += split.ambiguous
            continue
        if current is None:
            result.warnings.append(
                f"line {n}: not a title and authors line; skipped ({line[:60]!r})"
            )
            continue
        current[2].append(line)
    # Only a title line that is the very last line of the page may be cut short.
    title_line_last = bool(entries) and not entries[-1][2] and pending_meta is None
    if entries and current is entries[-1]:
        drop_partial_tail(entries[-1][2], page, result)
    for k, (split, meta, abstract, n) in enumerate(entries):
        is_last = k == len(entries) - 1
        if is_last and title_line_last and not page.ends_with_newline:
            if not rows[n - 1][0].endswith("et al."):
                # The page stops inside the title line: the last name or
                # affiliation may be cut short ("Zhenglun Ko"), so nothing is kept.
                result.warnings.append(
                    f"page looks cut off in the title line of {split.title!r}; that entry "
                    "was not kept"
                )
                continue
            result.warnings.append(
                f"page looks cut off after the title line of {split.title!r}; kept without "
                "its abstract"
            )
        paper = make_paper(
            split.title,
            abstract,
            repair=page.shows_pdf_damage(),
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
        if split.ambiguous:
            paper.split_uncertain = True
            paper.split_alternatives = [
                {"title": title, "authors": list(authors)} for title, authors in split.readings
            ]
        result.papers.append(paper)
    if pending_meta is not None:
        result.warnings.append(
            f"line {pending_meta[0]}: the page ends with a metadata line and no paper"
            + ("" if page.ends_with_newline else " (it looks cut off)")
        )
    if uncertain:
        result.warnings.append(
            f"{uncertain} paper(s) with an uncertain title/first-author split (flagged "
            "split_uncertain; check them)"
        )
    check_cut_abstract(result, page)
    note_inferred_years(result, page)
    return result
