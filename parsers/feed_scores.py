"""Costs of the pieces of a feed-line reading (lower is likelier; ``None``: impossible).

``first_token_cost`` scores the first author's first word (the one glued to the
title), ``later_token_cost`` the words after it, ``title_end_cost`` how the
title would end, and ``printed_name_cost`` a name between commas (where its
edges are certain, so nearly anything printed there is a name).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from .dblp import is_dblp_number
from .name_lexicon import is_given_name, is_syllable, is_title_word
from .names import (
    APOSTROPHES,
    CAP_PREFIXES,
    is_cap_word,
    is_initials,
    name_penalty,
    token_penalty,
)

# Words that make a piece prose, not a name.
PROSE_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our that "
    "the their this to was we were which with without via using towards toward".split()
)
_INITIAL_END_RE = re.compile(r"(?:^|[\W\d_])[^\W\d_]\.$")
_PREFIX_HUMP_RE = re.compile(rf"[a-z](?:{'|'.join(CAP_PREFIXES)})$")
_ABBREVIATED_RE = re.compile(r"[A-Z][a-z]{1,3}\.")  # Md., Mohd., Wm.
_NICKNAME_RE = re.compile(r"[(\"'\u201c\u2018\[].+[)\"'\u201d\u2019\]]")
_TRAILING_CAPS_RE = re.compile(r"[a-z][A-Z]+$")
# Common endings of English title words: a title cut before a lower-case name
# more likely ends in one ("…Learning" + "ke Song").
_WORD_ENDINGS = tuple(
    "ing tion tions sion sions ment ments ness ity ics ed er ers al als ous ive ure ures s ly "
    "ance ence ism ist able ible ark ork ata".split()
)
# A name ending in one of these is a group's name ("GigaBrain Team", "SeFi-Team"):
# its words are product-like, camelCase included.
TEAM_WORDS = frozenset(
    "team teams group lab labs consortium collaboration project workshop initiative "
    "community contributors authors committee".split()
)


@lru_cache(maxsize=1 << 14)  # asked of every line's last word: surnames repeat
def is_team(name: str) -> bool:
    last = name[name.rfind(" ") + 1 :]
    return last[last.rfind("-") + 1 :].casefold() in TEAM_WORDS


def cap_tail(word: str) -> str:
    """The capitalised word that ends ``word`` after its first letter
    (``GenerationHsiao`` -> ``Hsiao``, ``AlphaGo`` -> ``Go``); empty if none."""
    if word[1:].islower():  # one capital or none (most title words): no hump
        return ""
    at = next((i for i in range(len(word) - 1, 0, -1) if word[i].isupper()), 0)
    return word[at:] if at and is_cap_word(word[at:]) else ""


def _humps(tok: str) -> list[str] | None:
    """``JaeWoong`` -> [``Jae``, ``Woong``]; ``None`` unless capitalised words run together."""
    caps = [i for i, c in enumerate(tok) if c.isupper()]
    if len(caps) < 2 or caps[0] != 0:
        return None
    parts = [tok[a:b] for a, b in zip(caps, [*caps[1:], len(tok)], strict=True)]
    return parts if all(is_cap_word(p) for p in parts) else None


@lru_cache(maxsize=1 << 16)
def first_token_cost(tok: str, shape: str) -> float | None:
    """How unusual ``tok`` is as the first word of a first author's name.

    ``shape`` is how the rest of the name is written: ``caps`` (all capitals,
    ``FEIHU ZHANG``), ``lower`` (``harsh satija``), ``team`` (``GigaBrain Team``)
    or ``plain``.
    """
    if shape == "team" and tok[:1].isupper() and tok.replace("-", "").isalnum():
        return 0.3
    if is_cap_word(tok):
        return (0.0 if is_given_name(tok) else 0.7) + (1.0 if shape == "lower" else 0.0)
    if is_initials(tok):
        return 0.3
    if tok.isalpha() and tok.isupper():
        if len(tok) == 1:
            return 1.5  # "S Roberts"
        if shape == "caps":
            return 0.8 if is_given_name(tok) else 1.8
        return 2.0  # "AJ Piergiovanni", "JH Park"
    if tok.isalpha() and tok.islower():
        if shape == "lower":  # "zhipeng cai"; "firdaus janoos" (not in the lexicon)
            # An unknown name: of the cuts where the title word ends like a word
            # ("Process|esfirdaus", "Processes|firdaus"), the longer title word.
            return 1.0 if is_given_name(tok) else 2.5 + 0.01 * len(tok)
        return 3.0 if is_given_name(tok) else None  # "ke Song"
    humps = _humps(tok)
    if humps is not None:
        if len(humps) == 2 and tok.startswith(CAP_PREFIXES) and len(humps[0]) <= 4:
            return 1.0  # DeLiang, LeAnn
        if is_given_name(tok) or all(is_syllable(h) for h in humps):
            return 0.8 if is_given_name(tok) else 1.2  # AbdelRahim; JaeWoong, KyungHyun
        given = sum(is_given_name(h) for h in humps)
        return 1.6 if given == len(humps) else 3.5 - given
    if _ABBREVIATED_RE.fullmatch(tok):
        return 1.0  # Md., Wm.
    pen = token_penalty(tok, "first")
    if pen is not None:
        return float(pen)
    if "." in tok or any(a in tok for a in APOSTROPHES):
        parts = re.split(rf"[.{APOSTROPHES}]", tok)
        if parts[0][:1].isupper() and all(p.isalpha() for p in parts if p):
            return 2.0  # "Yi.shi", "Shin'ya"
    return None


@lru_cache(maxsize=1 << 16)
def later_token_cost(tok: str, position: str) -> float | None:
    """How unusual ``tok`` is as a later word of the first author's name."""
    pen = token_penalty(tok, position)
    if pen is not None:
        return float(pen) if pen == 3 else pen * 0.5  # run-together humps stay unusual
    if is_dblp_number(tok) and position == "last":
        return 0.0
    if tok.casefold() in PROSE_WORDS:
        return None
    if tok.isalpha():
        if tok.islower():
            return 1.5  # "zhipeng cai"
        if tok.isupper():
            return 0.5 if len(tok) > 1 or position == "last" else 1.0  # "Haihong E"
    if _ABBREVIATED_RE.fullmatch(tok):
        return 1.0
    if _NICKNAME_RE.fullmatch(tok) and tok[1:-1].replace("-", "").isalpha():
        return 1.0  # "(Charlie)"
    if tok[:1].isupper() and tok.replace(".", "").replace("'", "").isalpha():
        return 1.5
    if "-" in tok and tok.replace("-", "").isalpha():
        return 1.0  # "de-Marcos"
    if tok.isalnum() and any(map(str.isalpha, tok)):
        return 1.5  # "Hunyuan3D", "3D"
    if tok in ("-", "&"):
        return 2.0
    return None


def _hump_initial_end(word: str) -> bool:
    """``…BeyondĐ.``: a capital and a dot glued to a lower-case word (any script)."""
    return len(word) > 2 and word[-2].isupper() and word[-3].islower()


def title_end_cost(title: str, first: str, shape: str, head: str = "") -> float | None:
    """How unusual it is for the title to end as ``title`` before the name ``first``.

    ``head`` is the title's text before ``title`` (its earlier comma pieces), which
    may open the quote that ``title`` closes.
    """
    # Not cached: the title's last word is cut from a glued word (``Multi`` from
    # ``MultiCoderNoa``), new on nearly every line, so a cache only costs memory.
    if not title or title.isspace():
        return None
    space = title.rfind(" ")
    nxt = first[0]
    if space < 0 and nxt.islower():
        return None  # a lower-case name after a one-word "title": an author line
    last = title[space + 1 :]
    prev = last[-1]
    penalty = 0.0
    if prev == "." and (_INITIAL_END_RE.search(last) or _hump_initial_end(last)):
        penalty += 5  # "…J." + "R. Smith", "…BeyondĐ." + "Khuê Lê-Huu": initials belong to the name
    if last.endswith(CAP_PREFIXES) and _PREFIX_HUMP_RE.search(last):
        penalty += 2  # "…OverviewDe" + "Liang Wang"
    if len(last) > 2 and prev.isupper() and last[-2].islower() and nxt.isalpha():
        penalty += 2.0  # "…TheoremsL" + "M-Provers", "…NetworksA" + "J Piergiovanni"
    if prev in "([{\u201c\u2018":
        penalty += 3
    if prev.isdigit() and len(first) == 1 and nxt.isupper():
        penalty += 2.0  # "…and 3" + "D Diffusionweitao Du": "3D" is one word
    if prev.islower():
        if nxt.isupper():
            hump = cap_tail(last)
            if hump:
                if shape == "team":
                    penalty += 1.5  # "…WildCocoa" + "Bench Team"
                elif is_syllable(hump) and is_syllable(first.split(" ")[0]):
                    penalty += 1.0  # "…ChallengeJae" + "Woong": one name, two syllables?
                elif is_given_name(hump):
                    penalty += 1.0  # "…AlphaGo" + "David": a title rarely ends in a name
                if not is_title_word(hump):
                    penalty += 1.0  # "…FrontierAbdel" + "Rahim": no title is made of "Abdel"
        elif nxt.islower():
            if len(last) < 3:
                penalty += 2.0
            elif not last.endswith(_WORD_ENDINGS):
                penalty += 1.0  # "…Lear" + "ningke Song" rather than "…Learning" + "ke Song"
    elif prev.isupper():
        if nxt.isupper():
            if shape == "caps" and _TRAILING_CAPS_RE.search(last):
                penalty += 2.0  # "…LearningFEI" + "HU ZHANG"
            else:
                penalty += 0.3
        elif nxt.islower():
            penalty += 0.5
    if prev in APOSTROPHES:
        # "…O'" + "Brien", "…Marc'" + "Aurelio": an apostrophe with no opening
        # quote before it in the title belongs to the name, not to the title.
        quote = "\u2018" if prev == "\u2019" else "'"
        opened = title.count(quote) + head.count(quote) - (quote == "'")
        if opened < 1:
            penalty += 5
    if len(title) < 4 and space < 0 and not head:
        penalty += 3  # "De" + "Liang Wang": a pure author line is not a title
    return penalty


def printed_name_cost(piece: str, known: Callable[[str], bool] | None) -> float | None:
    """A name between commas: nearly anything printed there is one (``None``: prose)."""
    cost, shaped = _printed_cost(piece)
    if shaped or known is None or not known(piece):
        return cost
    return 0.0  # known, whatever its shape


@lru_cache(maxsize=1 << 16)
def _printed_cost(piece: str) -> tuple[float | None, bool]:
    """The cost of ``piece`` between commas when no name is known, and whether it has
    a name's shape (``name_penalty``; only then does knowing it change nothing).
    Cached on the piece alone: the same names come back on every line."""
    given, blank, family = piece.partition(" ")
    if blank and is_cap_word(given) and is_cap_word(family):
        return 0.0, True  # "Yifan Gao", most names: what ``name_penalty`` gives, found sooner
    pen = name_penalty(piece, False)
    if pen is not None:
        return pen * 0.2, True
    return _loose_cost(piece), False


@lru_cache(maxsize=1 << 16)
def _loose_cost(piece: str) -> float | None:
    words = piece.split(" ")
    if not piece or len(words) > 8 or len(piece) > 80 or "" in words:
        return None
    if not any(c.isalpha() for c in piece):
        return None
    if piece.endswith((".", ":", ";", "?", "!")) and not (
        is_initials(words[-1]) or _ABBREVIATED_RE.fullmatch(words[-1])
    ):
        return None
    prose = sum(w.casefold() in PROSE_WORDS for w in words)
    if prose >= 2 or (prose and len(words) > 4):
        return None
    return 1.0 + prose
