"""BibTeX that bibtex (plain.bst), biber and pybtex/bibtexparser all accept.

Entry types follow what the sources say: a conference paper is
``@inproceedings`` with the full proceedings name, a journal article
``@article``, anything else ``@misc`` with arXiv ``eprint`` fields when an
arXiv id is known. The code link goes in ``addendum`` (a biblatex field;
classic styles ignore it) because biber rejects unknown fields.
"""

from __future__ import annotations

from . import latex
from .entries import MONTHS, Entry
from .persons import bibtex_name

_TYPES = {"conference": "inproceedings", "journal": "article", "preprint": "misc"}


def _url(url: str) -> str:
    """URLs are verbatim fields: percent-encode only what would break the braces or the line."""
    out = []
    for ch in url:
        if ch in '{}\\ "' or ord(ch) < 0x21 or ord(ch) == 0x7F:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return "".join(out)


def _code(url: str) -> str:
    """``Code: \\url{…}``; a URL \\url cannot take inside another command's argument is text."""
    safe = _url(url)
    if any(ch in safe for ch in "%#^~"):
        return "Code: " + latex.escape_plain(safe)
    return "Code: \\url{" + safe + "}"


def _authors(entry: Entry) -> str:
    names = [bibtex_name(n) for n in entry.authors]
    if entry.truncated and names:
        names.append("others")
    return " and ".join(names)


def fields(entry: Entry) -> list[tuple[str, str]]:
    """``(name, value)`` pairs in the order they are written; values are braced except macros."""
    out: list[tuple[str, str]] = []
    if entry.authors:
        out.append(("author", "{" + _authors(entry) + "}"))
    out.append(("title", "{" + latex.title(entry.title) + "}"))
    if entry.kind == "conference" and entry.container:
        out.append(("booktitle", "{" + latex.escape_plain(entry.container) + "}"))
    elif entry.kind == "journal" and entry.container:
        out.append(("journal", "{" + latex.escape_plain(entry.container) + "}"))
    if entry.year:
        out.append(("year", f"{{{entry.year}}}"))
    if entry.month:
        out.append(("month", MONTHS[entry.month - 1]))  # a macro: plain.bst prints "November"
    if not entry.year and entry.seen_by:
        # No page says when it appeared, only that it was listed by this day: an
        # open-start EDTF range (biblatex/biber), not an invented year. plain.bst
        # ignores ``date`` and needs no year for @misc.
        out.append(("date", "{../" + entry.seen_by + "}"))
    if entry.kind == "preprint":
        if entry.arxiv:
            out.append(("eprint", "{" + entry.arxiv + "}"))
            out.append(("archivePrefix", "{arXiv}"))
            if entry.arxiv_class:
                out.append(("primaryClass", "{" + entry.arxiv_class + "}"))
        else:
            where = f"arXiv preprint ({entry.arxiv_class})" if entry.arxiv_class else "Preprint"
            out.append(("howpublished", "{" + where + "}"))
    if not entry.authors:
        # plain.bst sorts by author or, failing that, the key field
        out.append(("key", "{" + latex.escape_plain(entry.title or entry.key) + "}"))
    if entry.url:
        out.append(("url", "{" + _url(entry.url) + "}"))
    if entry.code and entry.code != entry.url:
        out.append(("addendum", "{" + _code(entry.code) + "}"))
    if entry.abstract:
        out.append(("abstract", "{" + latex.escape_cleaned(entry.abstract) + "}"))
    return out


def format_entry(entry: Entry) -> str:
    body = "".join(f"  {name} = {value},\n" for name, value in fields(entry))
    return f"@{_TYPES[entry.kind]}{{{entry.key},\n{body}}}\n"


def render(entries: list[Entry]) -> str:
    return "\n".join(format_entry(e) for e in entries)
