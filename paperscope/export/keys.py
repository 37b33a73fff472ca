"""Citation keys: ``lastnameYEARfirstword``, ASCII, unique, and stable across exports.

Keys are made unique over a scope (the selection, or the whole library when
the caller passes it), and colliding papers are lettered a, b, c… in an order
that depends only on the papers themselves (date, title, id), never on how
they were selected or listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from anyascii import anyascii

from ..records import LibraryPaper
from .latex import segments
from .persons import split_name

STOPWORDS = frozenset(
    "a an the on of in for to and or with from by at as is are via towards toward into "
    "onto over under about through what when where how why do does can be not no".split()
)
# anyascii gives ASCII, whose lower() maps only A-Z: lower the text once, then find words.
_ALNUM_RE = re.compile(r"[a-z0-9]+")
# The first word that is not a stopword, in one scan of the lowered text.
_FIRST_REAL_WORD_RE = re.compile(
    r"(?<![a-z0-9])(?!(?:" + "|".join(sorted(STOPWORDS)) + r")(?![a-z0-9]))[a-z0-9]+"
)


def _ascii_words(text: str) -> list[str]:
    return _ALNUM_RE.findall(anyascii(text).lower())


@lru_cache(maxsize=1 << 17)  # first authors recur; a whole library's keys ask for every one
def _family_key(author: str) -> str | None:
    """The family name as key letters, or None when the name has no family name."""
    family = split_name(author).family
    return "".join(_ascii_words(family)) if family else None


def _title_word(title: str) -> str:
    """The first title word that is not a stopword (math left out), else the first word."""
    if "$" in title:
        # a space keeps the words on either side of the math apart
        title = " ".join(piece for math, piece in segments(title) if not math)
    # anyascii goes character by character, so the joined pieces give the same words.
    text = (title if title.isascii() else anyascii(title)).lower()
    m = _FIRST_REAL_WORD_RE.search(text) or _ALNUM_RE.search(text)
    return m[0] if m else ""


def base_key(paper: LibraryPaper) -> str:
    """The key before any a/b/c: first author's family name, year, first real title word."""
    name = None
    for author in paper.authors:
        if (name := _family_key(author)) is not None:
            break
    return f"{name or 'anon'}{paper.year or ''}{_title_word(paper.title or '')}"[:60]


def _collision_order(paper: LibraryPaper) -> tuple:
    return (paper.date or "", paper.year or 0, (paper.title or "").casefold(), paper.id)


def _letters(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa: suffixes that never run out."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def citation_keys(papers: Iterable[LibraryPaper]) -> dict[str, str]:
    """Paper id -> citation key, unique over ``papers`` (the first paper of an id counts).

    A pinned key (the user's layer: it has left the app, was set, or came with a
    .bib entry) is the paper's whatever else is in the scope; the others follow
    their data, and one whose key a pinned paper holds takes the next free letter.
    """
    pinned: dict[str, str] = {}
    rest: list[LibraryPaper] = []
    for paper in papers:
        if paper.user is not None and paper.user.key:
            pinned.setdefault(paper.id, paper.user.key)
        else:
            rest.append(paper)
    if not pinned:
        return _data_keys(rest, set())
    keys = _data_keys([p for p in rest if p.id not in pinned], set(pinned.values()))
    keys.update(pinned)
    return keys


def _data_keys(papers: Iterable[LibraryPaper], reserved: set[str]) -> dict[str, str]:
    """Keys that follow the data, none of them in ``reserved`` (the pinned keys)."""
    # One pass over the papers (a whole library's are spread over hundreds of MB, so
    # each pass costs cache misses): every paper gets its base key, and the papers
    # of shared bases are lettered below, over it.
    keys: dict[str, str] = {}
    first: dict[str, LibraryPaper] = {}  # base key -> its first paper
    shared: dict[str, list[LibraryPaper]] = {}  # base key -> all its papers, when several
    for paper in papers:
        if paper.id in keys:
            continue
        base = keys[paper.id] = base_key(paper)
        if base not in first:
            first[base] = paper
        elif (group := shared.get(base)) is not None:
            group.append(paper)
        else:
            shared[base] = [first[base], paper]
    for base in [b for b in first if b in reserved and b not in shared]:
        shared[base] = [first[base]]  # a pinned paper holds the bare base: letter this one
    taken = (set(first) - shared.keys()) | reserved
    # Only the shared bases need an order (the set of papers alone decides it): a
    # whole library's bases are not all sorted.
    for base in sorted(shared):
        n = 0
        for paper in sorted(shared[base], key=_collision_order):
            while (key := base + _letters(n)) in taken:
                n += 1
            taken.add(key)
            keys[paper.id] = key
            n += 1
    return keys
