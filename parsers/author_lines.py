"""Author lists as the pages print them: ``A, B, C et al. · harvard, meta-ai``.

Affiliations after `` · ``, ``et al.``, names split on ``, `` (a lone ``Jr.``
kept with its name), and whole lines that are nothing but authors.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .names import SUFFIXES, is_initials, is_loose_name, is_name

# Possessive blanks, and no start inside a run of them: linear on any line.
ET_AL_RE = re.compile(r"(?:,\s*+|(?<!\s)\s++)et\.?\s++al\.?\s*+$", re.IGNORECASE)


@dataclass(slots=True)
class AuthorLine:
    """``A, B, C et al. · x, y`` taken apart."""

    authors: list[str]
    truncated: bool
    affiliations: list[str]
    rest: str  # text before the names that are certain (title + first author, if glued)


AFFILIATION_SEP = " \u00b7 "


def affiliation_readings(line: str) -> list[tuple[str, list[str]]]:
    """Ways to cut ``… et al. · harvard, meta-ai`` into names and affiliations.

    The names end at the first `` · `` (affiliations may be separated by more of
    them), unless the title itself holds one; so every separator is offered
    from the left, and last the whole line with no affiliations.
    """
    if "\u00b7" not in line:  # (most lines) found far faster than AFFILIATION_SEP
        return [(line, [])]
    readings: list[tuple[str, list[str]]] = []
    at = line.find(AFFILIATION_SEP)
    while at != -1:
        tail = line[at + len(AFFILIATION_SEP) :].replace(AFFILIATION_SEP, ",")
        affs = list(filter(None, map(str.strip, tail.split(","))))
        readings.append((line[:at].rstrip(), affs))
        at = line.find(AFFILIATION_SEP, at + 1)
    readings.append((line, []))
    return readings


def split_affiliations(line: str) -> tuple[str, list[str]]:
    """``… et al. · harvard, meta-ai`` -> (``… et al.``, [``harvard``, ``meta-ai``])."""
    return affiliation_readings(line)[0]


def strip_et_al(text: str) -> tuple[str, bool]:
    # The search runs only where the text ends like "et al." read from the end
    # (blanks, ".", "al", blanks, ".", "et"): it would otherwise try every blank
    # of a long abstract, and most title lines do not end so.
    end = text.rstrip()
    if end[-1:] == ".":
        end = end[:-1]
    if end[-2:].lower() != "al":
        return text, False
    end = end[:-2]
    before = end.rstrip()
    if len(before) == len(end):  # no blank between "et" and "al"
        return text, False
    if before[-1:] == ".":
        before = before[:-1]
    if before[-2:].lower() != "et":
        return text, False
    # The match starts at the blanks before that "et" (or at a comma right before them).
    at = len(before) - 2
    while at and text[at - 1].isspace():
        at -= 1
    m = ET_AL_RE.search(text, max(0, at - 1))
    if m:
        return text[: m.start()].rstrip(), True
    return text, False


def author_pieces(text: str) -> list[str]:
    """Split a name list on ``, `` and put a lone suffix back on its name.

    ``Robert W. Heath, Jr.`` is one person; a comma inside a name would later
    read as "Last, First" (BibTeX), so the name is kept as ``Robert W. Heath Jr.``.
    """
    pieces = text.split(", ")
    if SUFFIXES.isdisjoint(pieces):  # (nearly every list: no piece to put back)
        return pieces
    out: list[str] = []
    for piece in pieces:
        if out and piece in SUFFIXES:
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def take_author_tail(line: str) -> AuthorLine:
    """Peel affiliations, ``et al.`` and trailing clean names off a line.

    Names are taken from the right while each comma-separated piece is a name;
    whatever is left (``rest``) is either empty (a pure author line) or holds the
    title glued to the first author.
    """
    text, affs = split_affiliations(line)
    text, truncated = strip_et_al(text)
    pieces = author_pieces(text)
    tail: list[str] = []
    while len(pieces) > 1 and is_name(pieces[-1]):
        tail.append(pieces.pop())
    tail.reverse()
    return AuthorLine(tail, truncated, affs, ", ".join(pieces))


def parse_author_line(line: str, known: Callable[[str], bool] | None = None) -> AuthorLine | None:
    """A line that is nothing but authors (profile pages), else ``None``.

    Every piece must be a name: one with a name's shape, a known one, or (when
    at least as many pieces are clear names) one the rules cannot place, such as
    ``danah boyd`` or ``OpenAI``. A line ending in a full stop is prose unless
    the stop belongs to ``et al.``, an initial or ``Jr.``.
    """
    text, affs = split_affiliations(line)
    if not text:
        return None
    text, truncated = strip_et_al(text)
    if not truncated and not affs and text.endswith("."):
        last = text.rsplit(" ", 1)[-1]
        if not (is_initials(last) or last in SUFFIXES):
            return None
    pieces = author_pieces(text)
    clear = loose = 0
    for piece in pieces:
        if is_name(piece) or (known is not None and known(piece)):
            clear += 1
        elif is_loose_name(piece):
            loose += 1
        else:
            return None
    if loose > clear:
        return None
    return AuthorLine(pieces, truncated, affs, "")
