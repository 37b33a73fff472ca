"""Given names and title words from public lexicons, for telling a first author's
start from a title.

The lexicon ships inside this package (``parsers/data/given_names.txt.gz``): the
first words of some 160,000 distinct author names on arXiv listings (arXiv
metadata, CC0 1.0), each seen for at least two authors, with its count. It is
built by ``scripts/build_name_lexicon.py``, which holds out every paper of the
feed test corpus, and read once on first use (no download at run time).

Its sibling ``parsers/data/title_words.txt.gz`` (same source, same held-out
papers, same script) holds the words titles are made of, camel-case humps
included (``chat`` from ``LitChat``), each seen in at least five titles: a hump
that is a title word (``…WordNet``) is less likely a given name run together
with the next one (``…FrontierAbdel`` + ``Rahim``).

Romanised Chinese given names are open-ended, so a word that splits into at
most two Hanyu Pinyin syllables (``zhipeng``, ``feihu``) counts as one too;
the syllables are built from the standard initials and finals.
"""

from __future__ import annotations

import gzip
import pkgutil
from functools import lru_cache

_INITIALS = "b p m f d t n l g k h j q x zh ch sh r z c s y w".split()
_FINALS = (
    "a o e i u v ai ei ui ao ou iu ie ue ve an en in un vn ang eng ing ong "
    "ia ian iao iang iong ua uan uai uang uo"
).split()
_ALONE = "a o e ai ei ao ou an en ang eng er".split()
_PINYIN = frozenset({i + f for i in _INITIALS for f in _FINALS} | set(_ALONE))
_LONGEST = max(map(len, _PINYIN))
# Korean given names are written as two romanised syllables (Revised and
# McCune-Reischauer spellings alike): "Jae", "Woong", "Hyun", "Seung".
_KO_INITIALS = "g k kk n d t tt r l m b p pp s ss j jj ch h w y".split() + [""]
_KO_VOWELS = (
    "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i oo ee ou ui yeu"
).split()
_KO_FINALS = ["", "n", "l", "m", "ng"]  # given names rarely end in k, p, t
_KOREAN = frozenset(i + v + f for i in _KO_INITIALS for v in _KO_VOWELS for f in _KO_FINALS)


LEXICON = "data/given_names.txt.gz"
TITLE_WORDS = "data/title_words.txt.gz"


@lru_cache(maxsize=2)
def _text(name: str) -> str:
    """A shipped lexicon's text: ``word<TAB>count`` rows."""
    # pkgutil, not importlib.resources: the same bytes from the package's loader,
    # without importing zipfile, tempfile and shutil on every run (~10 ms CPU).
    raw = pkgutil.get_data(__package__ or "parsers", name)
    if raw is None:  # a loader that cannot read package data
        raise FileNotFoundError(name)
    return gzip.decompress(raw).decode("utf-8")


def _first_column(text: str) -> frozenset[str]:
    """The words of a lexicon's ``word<TAB>count`` rows."""
    return frozenset([row.partition("\t")[0] for row in text.splitlines()])


@lru_cache(maxsize=1)
def name_counts() -> dict[str, int]:
    """Given name (case-folded) -> how many distinct authors carry it."""
    out: dict[str, int] = {}
    for row in _text(LEXICON).splitlines():
        name, _, count = row.partition("\t")
        key = name.casefold()
        out[key] = out.get(key, 0) + int(count or 1)
    return out


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The lexicon's given names, case-folded (``name_counts``' keys)."""
    # Case-folded as one text (folding maps each character on its own), and no
    # counts parsed: what every run that splits feed lines pays, in half the time.
    return _first_column(_text(LEXICON).casefold())


@lru_cache(maxsize=1 << 15)
def is_pinyin(word: str) -> bool:
    """``zhipeng``, ``Feihu``: one or two Pinyin syllables (ü written ``v``)."""
    if not word.isascii():
        return False
    low = word.casefold()
    return low in _PINYIN or any(
        low[:k] in _PINYIN and low[k:] in _PINYIN for k in range(1, min(len(low), _LONGEST + 1))
    )


@lru_cache(maxsize=1 << 15)
def is_syllable(word: str) -> bool:
    """One romanised Chinese or Korean syllable (``Jae``, ``Woong``, ``Xiao``)."""
    low = word.casefold()
    return low in _KOREAN or (word.isascii() and low in _PINYIN)


@lru_cache(maxsize=1 << 16)
def is_given_name(word: str) -> bool:
    """Whether ``word`` (any case) is a given name of the lexicon or Pinyin."""
    return len(word) > 1 and (word.casefold() in given_names() or is_pinyin(word))


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    return _first_column(_text(TITLE_WORDS))  # (written case-folded)


def load_lexicons() -> None:
    """Read both lexicons now (the first feed line would)."""
    given_names()
    _title_words()


def is_title_word(word: str) -> bool:
    """Whether ``word`` (any case) is a word titles are made of (``Chat``, ``Net``)."""
    return word.casefold() in _title_words()
