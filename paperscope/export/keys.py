"""Citation keys: ``lastnameYEARfirstword``, ASCII, unique, and stable across exports.

Keys are made unique over a scope (the selection, or the whole library when
the caller passes it), and colliding papers are lettered a, b, c… in an order
that depends only on the papers themselves (date, title, id), never on how
they were selected or listed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from anyascii import anyascii

from ..records import LibraryPaper
from .latex import segments
from .persons import split_name

STOPWORDS = frozenset(
    "a an the on of in for to and or with from by at as is are via towards toward into "
    "onto over under about through what when where how why do does can be not no".split()
)
_ALNUM_RE = re.compile(r"[A-Za-z0-9]+")


def _ascii_words(text: str) -> list[str]:
    return [w.lower() for w in _ALNUM_RE.findall(anyascii(text))]


def base_key(paper: LibraryPaper) -> str:
    """The key before any a/b/c: first author's family name, year, first real title word."""
    name = ""
    for author in paper.authors:
        person = split_name(author)
        if person.family:
            name = "".join(_ascii_words(person.family))
            break
    words = [
        w for math, piece in segments(paper.title or "") if not math for w in _ascii_words(piece)
    ]
    first = next((w for w in words if w not in STOPWORDS), words[0] if words else "")
    key = f"{name or 'anon'}{paper.year or ''}{first}"
    return key[:60]


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
    """Paper id -> citation key, unique over ``papers``."""
    groups: dict[str, list[LibraryPaper]] = defaultdict(list)
    seen: set[str] = set()
    for paper in papers:
        if paper.id not in seen:
            seen.add(paper.id)
            groups[base_key(paper)].append(paper)
    keys: dict[str, str] = {}
    taken = {base for base, group in groups.items() if len(group) == 1}
    for base, group in sorted(groups.items()):  # sorted: the result depends on the set only
        if len(group) == 1:
            keys[group[0].id] = base
            continue
        n = 0
        for paper in sorted(group, key=_collision_order):
            while (key := base + _letters(n)) in taken:
                n += 1
            taken.add(key)
            keys[paper.id] = key
            n += 1
    return keys
