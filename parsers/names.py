"""Person-name shapes, and the key that groups spellings of one name.

A name is scored word by word: capitalised words, initials, particles,
hyphenated and apostrophe names, ``Mc``/``Le`` prefixes, suffixes. The score
says how unusual the name is; ``None`` means it cannot be one. The feed split
(``feed_split``) and author lines (``author_lines``) are built on it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .dblp import drop_dblp_number

PARTICLES = frozenset(
    "van von der den de del della dei degli di da das dos do du le la lo "
    "bin ibn al el ten ter zu af av y e st.".split()
)
SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
# Surname prefixes followed by a capital: McDonald, MacKay, LeCun, DiCarlo, O'Brien.
CAP_PREFIXES = ("Mc", "Mac", "Le", "La", "De", "Di", "Da", "Du", "Van", "Von", "Fitz", "St")
APOSTROPHES = "'\u2019"
# Highest penalty a name may carry and still count as a name.
_MAX_PENALTY = 6


def is_cap_word(part: str) -> bool:
    """``Yuan``, ``Ørsted``, ``Md`` — a capital then lower-case letters."""
    return len(part) >= 2 and part[0].isupper() and part[1:].isalpha() and part[1:].islower()


def _is_lower_word(part: str) -> bool:
    return part.isalpha() and part.islower()


# Dashes joining the parts of a name: the hyphen, then Unicode's hyphens and the en
# dash some sources print instead ("Xiao–Tong Yuan").
NAME_DASHES = "-\u2010\u2011\u2013"
_TO_HYPHEN = str.maketrans(dict.fromkeys(NAME_DASHES[1:], "-"))
_RARE_DASH_RE = re.compile(f"[{NAME_DASHES[1:]}]")
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.-?)+")
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")


def is_initials(tok: str) -> bool:
    """``J.``, ``J.R.``, ``J.-P.``."""
    return (
        "." in tok
        and bool(_INITIALS_RE.fullmatch(tok))
        and all(c.isupper() for c in tok if c.isalpha())
    )


def _is_two_humps(tok: str) -> bool:
    """``JiaJun``: two capitalised words run together."""
    if not tok[:1].isupper() or tok[1:].islower():
        return False  # (no second capital)
    caps = [i for i, c in enumerate(tok) if c.isupper()]
    return (
        len(caps) == 2
        and caps[0] == 0
        and is_cap_word(tok[: caps[1]])
        and is_cap_word(tok[caps[1] :])
    )


@lru_cache(maxsize=1 << 16)  # pure, and the same words come back on every line
def token_penalty(tok: str, position: str) -> int | None:
    """How unusual ``tok`` is as one word of a name; ``None`` if it cannot be one.

    ``position`` is ``first``, ``middle`` or ``last``.
    """
    if not tok:
        return None
    if is_cap_word(tok):
        return 0  # the common case; none of the rules before it applies to one
    if is_initials(tok):
        return 1 if position == "last" else 0
    if position != "first" and tok.islower() and tok.casefold() in PARTICLES:
        return None if position == "last" else 0
    if position == "last" and tok in SUFFIXES:
        return 0
    if "'" in tok or "\u2019" in tok:  # APOSTROPHES
        pieces = _APOSTROPHE_RE.split(tok)
        if len(pieces) != 2 or not is_cap_word(pieces[1]):
            return None
        # O'Brien, D'Angelo, d'Alché
        if len(pieces[0]) == 1 and pieces[0].isalpha():
            return 0
        # Marc'Aurelio, N'Golo: two capitalised words joined by an apostrophe
        return 1 if is_cap_word(pieces[0]) else None
    if _RARE_DASH_RE.search(tok):  # "Xiao–Tong": a rarer dash, one more
        pen = token_penalty(tok.translate(_TO_HYPHEN), position)
        return None if pen is None else pen + 1
    if "-" in tok:
        parts = tok.split("-")
        if not parts[0] or not parts[-1]:
            return None
        total = 0
        for i, part in enumerate(parts):
            if is_cap_word(part) or (len(part) == 1 and part.isupper()):
                continue
            if i > 0 and _is_lower_word(part):  # Hong-yu
                total += 1
                continue
            sub = token_penalty(part, "middle")
            if sub is None or (i == 0 and not part[0].isupper()):
                return None
            total += sub
        return total
    if len(tok) == 1 and tok.isupper():
        return 1 if position == "middle" else None
    if tok.startswith(CAP_PREFIXES):
        for prefix in CAP_PREFIXES:
            if tok.startswith(prefix) and is_cap_word(tok[len(prefix) :]):
                return 1
    if _is_two_humps(tok):
        return 3  # JiaJun: possible, but rarer than a camelCase title word
    if position != "first" and len(tok) >= 2 and tok.isalpha() and tok.isupper():
        return 2  # surname in capitals
    if len(tok) == 2 and tok.isalpha() and tok.isupper():
        return 2  # a given name written as two capitals: "AJ Piergiovanni", "TJ Smith"
    return None


@lru_cache(maxsize=1 << 16)
def name_penalty(name: str, first: bool = True) -> int | None:
    """How unusual ``name`` is as a person's full name; ``None`` if it is not one."""
    tokens = name.split(" ")
    if tokens[-1][:1].isdigit():
        tokens = drop_dblp_number(tokens)
    if not tokens or len(tokens) > 7 or "" in tokens:
        return None
    if len(tokens) == 1:
        if first:
            return None
        return 3 if is_cap_word(tokens[0]) else None
    total = 0
    for i, tok in enumerate(tokens):
        position = "first" if i == 0 else "last" if i == len(tokens) - 1 else "middle"
        penalty = token_penalty(tok, position)
        if penalty is None:
            return None
        if not first and penalty == 3 and _is_two_humps(tok):
            # Between commas a name's edges are certain, so "KyungHyun" cannot be
            # a camelCase title word there: only a little unusual.
            penalty = 1
        total += penalty
    # A name is mostly real words, not initials alone (which have dots)
    if "." in name and all(is_initials(t) for t in tokens):
        return None
    return total if total <= _MAX_PENALTY else None


def is_name(text: str) -> bool:
    return name_penalty(text, False) is not None


# Words that make a comma piece prose, not a name nobody recognised.
_PROSE_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our that "
    "the their this to was we were which with without".split()
)
_LOOSE_WORD_RE = re.compile(r"[^\W\d_]+(?:[.'\u2019-][^\W\d_]*)*\.?")


def is_loose_name(piece: str) -> bool:
    """A name of a shape the rules do not know (``danah boyd``, ``OpenAI``)."""
    words = drop_dblp_number(piece.split(" "))
    return 1 <= len(words) <= 4 and all(
        _LOOSE_WORD_RE.fullmatch(w) and w.casefold() not in _PROSE_WORDS for w in words
    )


def name_key(name: str) -> str:
    """Case-insensitive cluster key: DBLP number dropped, spacing folded."""
    if (
        name.isprintable()  # no blank but " " (so strip() takes spaces only)
        and "  " not in name
        and name.strip() == name
        and not name[-1:].isdigit()
    ):
        return name.casefold()  # nearly every name: single-spaced, no number
    tokens = drop_dblp_number(name.split())
    return " ".join(tokens).casefold()
