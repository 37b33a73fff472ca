"""Splitting a feed line's title from the first author glued to it.

Feed pages print ``<title><First Author>, <Second>, <Third> et al. · affil`` with
no space between the title and the first name. Splitting at the last
lower->upper change is wrong for camelCase or acronym title endings
(``ShiftAddViT``, ``LLMs``), for names such as ``Jou-An Chen``, ``Yann LeCun``,
``J. R. Smith`` or ``Aäron van den Oord``. Instead every place where a name
could start is scored: the rest of the segment must be a plausible full name,
the title must end plausibly, and names known from elsewhere win.

What shape alone cannot settle (tests: ``KNOWN_CASES`` in
``tests/test_parsers_feed_split.py``), and how it reads without help:

- a first author whose given name has a second capital (``KyungHyun Cho``):
  read as ``Hyun Cho`` after a title ending in ``…Kyung``, exactly as
  ``…MobileNet`` + ``Andrew Howard`` must be read; a camelCase title word is
  far more common than such a name. The feed parser reads the line again
  with the names of the page (``KyungHyun Cho`` as a second author elsewhere)
  and the library's names, which settle it;
- a first author in lower case (``danah boyd``) or of one word (``OpenAI``):
  found only when known; otherwise the line has no reading. After the first
  name, such names are accepted on profile author lines next to clear names;
- a title without authors whose last words look like a glued name
  (``…at MobileNet Speed`` reads as author ``Net Speed``);
- names whose words are not capitalised words, initials or particles
  (``Seán Ó hÉigeartaigh``), and scripts without letter case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .author_lines import affiliation_readings, author_pieces, strip_et_al
from .dblp import is_dblp_number
from .names import APOSTROPHES, CAP_PREFIXES, name_penalty, token_penalty

# A camelCase title word rarely ends in one of these humps, but a first name
# often starts with one: "…An OverviewDeLiang Wang" is "DeLiang Wang", not
# "Liang Wang" after a title ending in "OverviewDe".
_PREFIX_HUMP_RE = re.compile(rf"[a-z](?:{'|'.join(CAP_PREFIXES)})$")
_INITIAL_END_RE = re.compile(r"(?:^|[^A-Za-z])[A-Z]\.$")
_HUMP_INITIAL_END_RE = re.compile(r"[a-z][A-Z]\.$")


def _title_end_penalty(title: str) -> int | None:
    if not title or title.isspace() or title.endswith((" ", "-")):
        return None
    last = title[title.rfind(" ") + 1 :]
    penalty = 0
    if last[-1] in APOSTROPHES:
        # "…O'" + "Brien", "…Marc'" + "Aurelio": an apostrophe with no opening
        # quote before it in the title belongs to the name, not to the title.
        opened = title.count("\u2018") if last[-1] == "\u2019" else title.count("'") - 1
        if opened < 1:
            penalty += 5
    if last.endswith((".", ".\n")) and (  # what "\.$" can match
        _INITIAL_END_RE.search(last) or _HUMP_INITIAL_END_RE.search(last)
    ):
        penalty += 5  # "…J." + "R. Smith": initials belong to the name
    if last.rstrip("\n").endswith(CAP_PREFIXES) and _PREFIX_HUMP_RE.search(last):
        penalty += 2
    if len(title) < 4 and " " not in title:
        penalty += 3  # "De" + "Liang Wang": a pure author line is not a title
    if ", " in title and " " not in title[title.rfind(", ") + 2 :]:
        # "…TranslateDzmitry Bahdanau, Kyung" + "Hyun Cho": a title rarely ends
        # in a comma and one word; such a reading has eaten an author.
        penalty += 2
    return penalty


@dataclass(frozen=True, slots=True)
class GlueSplit:
    title: str
    first_author: str
    penalty: int
    ambiguous: bool  # another split scored the same
    # The other first authors this segment could have (a known name may pick one).
    others: tuple[str, ...] = ()


# A name has at most this many words, so its start lies in one of the last ones.
_MAX_NAME_WORDS = 7
# Names looked up among the known ones (any shape, e.g. "danah boyd") are shorter.
_MAX_KNOWN_WORDS = 4


# A name found by its shape starts with an upper-case letter of any script in
# the Basic Multilingual Plane (below this); the capitals beyond it are
# mathematical and historic letters, not how a name is written.
_FIRST_NON_BMP = "\U00010000"


def split_glued(segment: str, known: Callable[[str], bool] | None = None) -> GlueSplit | None:
    """Split ``<title><First Author>`` (no space between them).

    Every position inside one of the last words where a name could start is
    scored (name shape + how the title would end); names known from elsewhere
    win. The boundary is never right after a space (the site glues the name to
    the title) nor after a hyphen (``Djork-Arné`` is one name).
    """
    return _best_split(segment, _candidates(segment, known))


def _candidates(segment: str, known: Callable[[str], bool] | None) -> list[tuple[int, bool]]:
    """Where in ``segment`` a first author may start, and whether that name is known."""
    # Only the last words can hold the start of a name; the rest of the title
    # (``words[0]`` when it was not split further) is never looked into.
    words = segment.rsplit(" ", _MAX_NAME_WORDS)
    lead = 1 if len(words) > _MAX_NAME_WORDS else 0
    n = len(words)
    end = len(segment)
    # Only a candidate whose following words are all name words can have a name
    # shape; other candidates are only looked up among the known names (at most
    # _MAX_KNOWN_WORDS words, never across a comma). This keeps the work per
    # line small and bounded, which matters on 50,000-line inputs.
    shape_from = n - 1
    while shape_from > lead and n - shape_from < _MAX_NAME_WORDS:
        word = words[shape_from]
        position = "last" if shape_from == n - 1 else "middle"
        if not (token_penalty(word, position) is not None or is_dblp_number(word)):
            break
        shape_from -= 1
    # where words[k] starts, counted from the end (the segment is " ".join(words))
    shape_start = end - sum(map(len, words[shape_from:])) - (n - 1 - shape_from)
    known_start = end  # no position is looked up
    known_from = n
    if known is not None:
        known_from = n - 1
        while (
            known_from > lead
            and n - known_from < _MAX_KNOWN_WORDS
            and ("," not in words[known_from - 1])
        ):
            known_from -= 1
        known_start = end - sum(map(len, words[known_from:])) - (n - 1 - known_from)
    # Where a name may start, and whether it is a known one. The boundary is
    # never right after a space or hyphen, and a name starts with a letter.
    picked: list[tuple[int, bool]] = []
    at = shape_start
    for word in words[shape_from:known_from]:  # capitals before the looked-up words
        # A word's first letter follows a space; a word without another capital
        # (nearly all) has no candidate.
        if not word[1:].islower():
            for i in range(at + 1, at + len(word)):
                ch = segment[i]
                if ch.isupper() and ch < _FIRST_NON_BMP and segment[i - 1] not in " -":
                    if ch.isalpha():
                        picked.append((i, False))
        at += len(word) + 1
    prev = segment[known_start - 1] if known_start else " "
    for i, ch in enumerate(segment[known_start:], known_start):
        # every position here is looked up: known names may have any shape
        if prev not in " -" and ch.isalpha():
            if known(segment[i:]):  # type: ignore[misc]
                picked.append((i, True))
            elif ch.isupper():
                picked.append((i, False))
        prev = ch
    return picked


def _best_split(segment: str, picked: list[tuple[int, bool]]) -> GlueSplit | None:
    """The best of the candidate boundaries: name shape, known name, title ending."""
    best: list[tuple[int, int, str, str]] = []
    for i, is_known in picked:
        name = segment[i:]
        penalty = name_penalty(name)
        shaped = penalty is not None
        if penalty is None:
            if not is_known:
                continue
            penalty = 2
        title = segment[:i]
        tpen = _title_end_penalty(title)
        if tpen is None:
            continue
        penalty += tpen
        if is_known:
            # A known name of ordinary shape wins outright. A known name no shape
            # rule accepts (``danah boyd``) only breaks ties: otherwise one bad
            # name in the library ("yu O'Brien") would split "Haoyu O'Brien"
            # inside a word on every later page, and reinforce itself.
            penalty -= 10 if shaped else 2
        best.append((penalty, i, title, name))
    if not best:
        return None
    if len(best) == 1:  # the common case
        penalty, _i, title, name = best[0]
        return GlueSplit(title.rstrip(), name, penalty, False, ())
    best.sort()
    penalty, _i, title, name = best[0]
    ambiguous = best[1][0] == penalty
    return GlueSplit(title.rstrip(), name, penalty, ambiguous, tuple([b[3] for b in best[1:]]))


@dataclass(slots=True)
class GluedLine:
    """A feed line ``<title><A1>, <A2> et al. · affil`` taken apart."""

    title: str
    authors: list[str]
    truncated: bool
    affiliations: list[str]
    penalty: int
    ambiguous: bool
    # Names that other readings of the line would have produced: if one of them
    # turns out to be known (from another line of the page), read the line again.
    alternatives: tuple[str, ...] = ()


def split_glued_line(
    line: str,
    known: Callable[[str], bool] | None = None,
    pieces_seen: dict[str, tuple[list[tuple[int, bool]], bool]] | None = None,
) -> GluedLine | None:
    """Find the title/first-author boundary on a feed line; ``None`` if there is none.

    Every way of reading the trailing comma pieces as clean names is tried
    together with the glued split of what remains; the reading with the lowest
    total penalty wins (ties: more clean names). A title containing ``, `` or a
    piece that only looks like a name cannot fool it, because the glued split of
    the remainder must also succeed.

    ``pieces_seen`` (one dict for all the lines read with the same ``known``)
    keeps what was found in each author piece: the same authors come back on
    many lines of a page.
    """
    for head, affs in affiliation_readings(line):
        text, truncated = strip_et_al(head)
        pieces = author_pieces(text)
        best: tuple[int, int, GlueSplit, list[str]] | None = None
        names: set[str] = set()
        tail_penalty = 0
        for k in range(len(pieces)):
            m = len(pieces) - k
            if k:
                piece = pieces[m]
                if pieces_seen is not None:
                    is_known = pieces_seen[piece][1]  # read as the last piece at k - 1
                else:
                    is_known = known is not None and known(piece)
                penalty = 0 if is_known else None
                if penalty is None:
                    penalty = name_penalty(piece, first=False)
                if penalty is None:
                    break
                tail_penalty += penalty
            if m > 1 and pieces_seen is not None:
                # A name can only start in the last piece (no name shape spans
                # a comma, and the look-ups stop at one), so where one may
                # start is found in that piece alone, once per page.
                last = pieces[m - 1]
                seen = pieces_seen.get(last)
                if seen is None:
                    seen = pieces_seen[last] = (
                        _candidates(last, known),
                        known is not None and bool(known(last)),
                    )
                if not seen[0]:
                    continue  # (nearly always) no name starts inside an author's name
                segment = ", ".join(pieces[:m])
                offset = len(segment) - len(last)
                glue = _best_split(segment, [(i + offset, is_k) for i, is_k in seen[0]])
            else:
                glue = split_glued(", ".join(pieces[:m]), known)
            if glue is None:
                continue
            names.update(glue.others)
            names.add(glue.first_author)
            names.update(pieces[m:] if k else [])
            cost = glue.penalty + tail_penalty
            if best is None or cost <= best[0]:
                best = (cost, k, glue, pieces[m:] if k else [])
        if best is not None:
            cost, _k, glue, tail = best
            authors = [glue.first_author, *tail]
            return GluedLine(
                glue.title,
                authors,
                truncated,
                affs,
                cost,
                glue.ambiguous,
                tuple(sorted(names.difference(authors))),
            )
    return None
