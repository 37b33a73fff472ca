"""Author names split into given / particle / family / suffix, once, for every format.

Pages print names in "First Last" order. The last word is the family name,
lowercase particles before it (``van der``) are its particle, capitalised
ones (``De La``, ``Van der``) belong to it, and ``Jr.``/``III`` at the end is
a suffix. BibTeX gets the plain "First Last" form when BibTeX would read it
back the same way and "von Last, Jr., First" otherwise.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from parsers.names import SUFFIXES

from ..authors import display_name
from .latex import clean, escape_plain

PARTICLES = frozenset(
    "van von der den de del della dei degli di da dal das dos do du la le les lo ter ten "
    "zu zum zur af av bin ibn al el st. ste.".split()
)
# Capitalised particles that are also common Vietnamese/Chinese name syllables: alone
# before the last word they are a middle name ("Anh Van Nguyen"), not part of the surname.
AMBIGUOUS = frozenset("Van Le Do La Du".split())


class PersonName(NamedTuple):
    # A tuple: hashed in C, and every BibTeX name is looked up in a cache by it.
    given: str = ""
    particle: str = ""
    family: str = ""
    suffix: str = ""

    @property
    def family_full(self) -> str:
        """Particle and family, as a sorting-neutral display (``van der Berg``)."""
        return " ".join(p for p in (self.particle, self.family) if p)


@lru_cache(maxsize=1 << 16)  # the same people recur across a library's papers
def split_name(raw: str) -> PersonName:
    """Parts of one printed name (DBLP number dropped)."""
    words = [w for w in clean(display_name(clean(raw))).split(" ") if w]
    if not words:
        return PersonName()
    suffix = words.pop() if len(words) > 2 and words[-1] in SUFFIXES else ""
    family = words.pop()
    run = 0  # particle-like words before the family name, leaving one given name
    while run < len(words) - 1 and words[-1 - run].casefold() in PARTICLES:
        run += 1
    lead = words[len(words) - run :]
    given = words[: len(words) - run]
    if all(w[:1].islower() for w in lead):
        return PersonName(" ".join(given), " ".join(lead), family, suffix)
    if lead == [lead[0]] and lead[0] in AMBIGUOUS:
        given, lead = words, []  # "Anh Van Nguyen": a middle name, not "Van Nguyen"
    return PersonName(" ".join(given), "", " ".join([*lead, family]), suffix)


# -- BibTeX -----------------------------------------------------------------------

_AND_RE = re.compile(r"and|others", re.IGNORECASE)


def _caps(word: str) -> bool:
    """Starts with an ASCII capital, so BibTeX (reading bytes) and pybtex both see no particle."""
    return "A" <= word[:1] <= "Z"


def _special(char: str) -> str:
    """A LaTeX-active character as a BibTeX "special character" (``{\\&}``): one caseless
    letter to BibTeX, and never a bare backslash, which bibtexparser mis-splits names at."""
    latex = escape_plain(char)
    if latex == char:
        return "{,}" if char == "," else char
    return "{" + latex.removesuffix("{}") + "}"


# Characters _special changes: LaTeX-active ones and the comma.
_SPECIAL_RE = re.compile(r"[\\{}&%#_$~^<>|,]")


def _bib_word(word: str, *, guard: bool = False) -> str:
    """One name word for BibTeX; braces keep it from being read as ``and`` or a particle."""
    latex = "".join(map(_special, word)) if _SPECIAL_RE.search(word) else word
    if _AND_RE.fullmatch(word) or (guard and not _caps(word)):
        return "{" + latex + "}"
    return latex


@lru_cache(maxsize=1 << 16)
def bibtex_name(name: PersonName) -> str:
    """The name as BibTeX and pybtex read it back into exactly these parts."""
    given = name.given.split()
    family = name.family.split()
    if not name.particle and not name.suffix and len(family) == 1 and all(map(_caps, given)):
        return " ".join(_bib_word(w) for w in given + family)
    # "von Last, Jr, First": only the particle may look like a particle to BibTeX.
    von = [_bib_word(w) for w in name.particle.split()]
    last = [_bib_word(w, guard=i < len(family) - 1) for i, w in enumerate(family)]
    parts = [" ".join(von + last)]
    if name.suffix:
        parts.append(_bib_word(name.suffix))
    if given or name.suffix:
        parts.append(" ".join(_bib_word(w) for w in given))
    return ", ".join(parts)
