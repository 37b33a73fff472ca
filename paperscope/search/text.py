"""Folding text for matching: the same rule on both sides of a match."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

WORD_RE = re.compile(r"[^\W_]+")
COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"  # marks
_COMBINING_RE = re.compile(f"[{COMBINING}]")


def fold(text: str) -> str:
    """Case- and accent-insensitive form used on both sides of a match."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text))
    return text


def words(text: str) -> list[str]:
    return WORD_RE.findall(fold(text))


def name_text(name: str) -> str:
    """A name as names are compared: its folded words, each after one space."""
    return "".join(" " + w for w in words(name))


def name_matcher(typed: str) -> Callable[[str], bool] | None:
    """The one rule for a name typed anywhere (``au:``, the author filter, the palette).

    Case and accents are folded (``leon`` finds Léon Bottou), punctuation is a word
    break (``quinonero candela`` finds Quiñonero-Candela), each typed word starts a
    word of the name, and several typed words follow each other as typed, the last
    one perhaps still being typed (``van der m`` finds Laurens van der Maaten, ``lin``
    finds Yingyan Lin but not Kalinowski). None when ``typed`` has no word at all.
    """
    pattern = name_text(typed)
    if not pattern:
        return None

    def matches(name: str) -> bool:
        return pattern in name_text(name)

    return matches
