"""BibTeX that bibtex (plain.bst), biber and pybtex/bibtexparser all accept.

Entry types follow what the sources say: a conference paper is
``@inproceedings`` with the full proceedings name, a journal article
``@article``, anything else ``@misc`` with arXiv ``eprint`` fields when an
arXiv id is known. The code link goes in ``addendum`` (a biblatex field;
classic styles ignore it) because biber rejects unknown fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from . import latex
from .entries import MONTHS, Entry
from .persons import bibtex_name

_TYPES = {"conference": "inproceedings", "journal": "article", "preprint": "misc"}


# What a verbatim URL field cannot hold: braces, backslash, quote, space, controls, DEL.
_URL_UNSAFE_RE = re.compile(r'[{}\\ "\x00-\x20\x7f]')


def _percent(m: re.Match[str]) -> str:
    return "".join(f"%{b:02X}" for b in m[0].encode("utf-8"))


def _url(url: str) -> str:
    """URLs are verbatim fields: percent-encode only what would break the braces or the line."""
    return _URL_UNSAFE_RE.sub(_percent, url)


def _code(url: str) -> str:
    """``Code: \\url{…}``; a URL \\url cannot take inside another command's argument is text."""
    safe = _url(url)
    if any(ch in safe for ch in "%#^~"):
        return "Code: " + latex.escape_plain(safe)
    return "Code: \\url{" + safe + "}"


@lru_cache(maxsize=4096)  # a library has few venues, each on many papers
def _container(name: str) -> str:
    return latex.escape_plain(name)


def _authors(entry: Entry) -> str:
    names = [bibtex_name(n) for n in entry.authors]
    if entry.truncated and names:
        names.append("others")
    return " and ".join(names)


def format_entry(entry: Entry) -> str:
    """One entry; values are braced except macros."""
    return "".join(_pieces(entry))


def _pieces(entry: Entry, lead: str = "") -> list[str]:
    # One list joined once: each join or + of a 10,000-paper export copies every abstract.
    out = [lead, "@", _TYPES[entry.kind], "{", entry.key, ",\n"]
    if entry.authors:
        out += ("  author = {", _authors(entry), "},\n")
    out += ("  title = {", latex.title_cleaned(entry.title), "},\n")
    if entry.kind == "conference" and entry.container:
        out += ("  booktitle = {", _container(entry.container), "},\n")
    elif entry.kind == "journal" and entry.container:
        out += ("  journal = {", _container(entry.container), "},\n")
    if entry.year:
        out += ("  year = {", str(entry.year), "},\n")
    if entry.month:
        # a macro: plain.bst prints "November"
        out += ("  month = ", MONTHS[entry.month - 1], ",\n")
    if not entry.year and entry.seen_by:
        # No page says when it appeared, only that it was listed by this day: an
        # open-start EDTF range (biblatex/biber), not an invented year. plain.bst
        # ignores ``date`` and needs no year for @misc.
        out += ("  date = {../", entry.seen_by, "},\n")
    if entry.kind == "preprint":
        if entry.arxiv:
            out += ("  eprint = {", entry.arxiv, "},\n  archivePrefix = {arXiv},\n")
            if entry.arxiv_class:
                out += ("  primaryClass = {", entry.arxiv_class, "},\n")
        else:
            where = f"arXiv preprint ({entry.arxiv_class})" if entry.arxiv_class else "Preprint"
            out += ("  howpublished = {", where, "},\n")
    if not entry.authors:
        # plain.bst sorts by author or, failing that, the key field
        out += ("  key = {", latex.escape_plain(entry.title or entry.key), "},\n")
    if entry.url:
        out += ("  url = {", _url(entry.url), "},\n")
    if entry.code and entry.code != entry.url:
        out += ("  addendum = {", _code(entry.code), "},\n")
    if entry.abstract:
        out += ("  abstract = {", latex.escape_cleaned(entry.abstract), "},\n")
    out.append("}\n")
    return out


def chunks(entries: Iterable[Entry]) -> Iterator[str]:
    """The file in pieces: entries separated by a blank line."""
    lead = ""
    for entry in entries:
        yield "".join(_pieces(entry, lead))
        lead = "\n"


def render(entries: Iterable[Entry]) -> str:
    return "".join(chunks(entries))
