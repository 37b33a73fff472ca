"""The DBLP disambiguation number: ``Sheng Li 0019`` is one of several Sheng Lis.

DBLP appends a four-digit number to a name shared by several people. Every
rule that must see past it (name shapes, cluster keys, display, BibTeX,
search) asks this module, so the rule has one home.
"""

from __future__ import annotations

import re

# The number itself, for callers that build it into a larger pattern.
DBLP_NUMBER = r"\d{4}"
DBLP_NUMBER_RE = re.compile(rf"^{DBLP_NUMBER}$")
_NAME_WITH_NUMBER_RE = re.compile(rf"^(?P<name>.+?) (?P<num>{DBLP_NUMBER})$")


def is_dblp_number(token: str) -> bool:
    """``0019`` as one word of a name."""
    return DBLP_NUMBER_RE.match(token) is not None


def drop_dblp_number(tokens: list[str]) -> list[str]:
    """A name's words without a trailing DBLP number (a lone number stays: it is no name)."""
    if len(tokens) > 1 and is_dblp_number(tokens[-1]):
        return tokens[:-1]
    return tokens


def split_dblp(name: str) -> tuple[str, str | None]:
    """``Sheng Li 0019`` -> (``Sheng Li``, ``0019``); surrounding blanks dropped."""
    m = _NAME_WITH_NUMBER_RE.match(name.strip())
    if m:
        return m["name"], m["num"]
    return name.strip(), None


def display_name(name: str) -> str:
    """What people see and what BibTeX gets: the name without its DBLP number."""
    return split_dblp(name)[0]
