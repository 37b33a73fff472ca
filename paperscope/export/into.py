"""Add papers to the .bib of a manuscript without touching a byte of what is there.

The file is the user's: comments, ``@string``, their own entries and their
formatting stay exactly as they are; only papers the file does not already
hold are appended, under keys no entry of the file uses. A file that cannot be
read as BibTeX is refused untouched, and a run that has nothing to add writes
nothing, so running it twice changes nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from parsers.base import title_key
from parsers.bibtex_read import BibFile, read

from ..library.files import atomic_write_bytes
from ..records import LibraryPaper
from . import bibtex
from .entries import make_entry
from .keys import _letters, citation_keys
from .venues import arxiv_id as link_arxiv_id


class IntoError(ValueError):
    """The file cannot take the new entries; it was left as it was."""


@dataclass(slots=True)
class IntoReport:
    """What ``add_into`` did: counts for the report line, and each paper's key in the file."""

    path: Path  # the file written (a symlink's target)
    added: int = 0
    already_there: int = 0
    keys: dict[str, str] = field(default_factory=dict)  # paper id -> its key in the file
    # paper id -> why it counts as already there ("same key", "same DOI", ...)
    reasons: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        return f"{self.added} added, {self.already_there} already there"


@dataclass(slots=True)
class _Index:
    """What identifies the entries of the file (and those added so far): key -> entry key."""

    keys: dict[str, str] = field(default_factory=dict)  # casefolded key -> key
    dois: dict[str, str] = field(default_factory=dict)
    arxiv: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, doi: str | None, arxiv: str | None, title: str | None) -> None:
        self.keys.setdefault(key.casefold(), key)
        if doi:
            self.dois.setdefault(doi.casefold(), key)
        if arxiv:
            self.arxiv.setdefault(arxiv.casefold(), key)
        if title and (tk := title_key(title)):
            self.titles.setdefault(tk, key)


def add_into(
    path: str | os.PathLike,
    papers: Iterable[LibraryPaper],
    key_scope: list[LibraryPaper] | None = None,
    *,
    abstract: bool = True,
    pinned: Mapping[str, str] | None = None,
) -> IntoReport:
    """Append to the .bib at ``path`` the papers it does not hold yet.

    A paper is already there when an entry of the file has its key (its own key:
    pinned, or the key of the .bib entry it was imported from), its DOI, its
    arXiv id or its title (``title_key``), whatever that entry's key. New keys
    are the export's keys, made unique over ``key_scope``; one an unrelated entry
    of the file holds gets the next letter (``b``, ``c``…). ``pinned`` maps paper
    ids to keys that must be used as they are (the library's pinned keys).
    """
    target = Path(path).expanduser()
    # Through a symlink to the file it names: the link stays a link.
    real = Path(os.path.realpath(target))
    if real.is_dir():
        raise IntoError(f"{target} is a directory, not a .bib file")
    data = real.read_bytes() if real.exists() else b""
    text, encoding = _decode(data, target)
    bib = read(text)
    _check_readable(bib, text, target)
    index = _Index()
    for key in bib.keys:
        if key:
            index.add(key, None, None, None)
    for p in bib.papers:
        if p.key:
            index.add(p.key, p.doi, p.arxiv_id, p.title)

    unique = list({p.id: p for p in papers}.values())
    base_keys = citation_keys(chain(unique, key_scope or ()))
    report = IntoReport(path=real)
    # Another library paper's key is not handed to this one when it clashes.
    taken_by_others = {k.casefold() for k in base_keys.values()}
    new: list[tuple[str, LibraryPaper]] = []
    for paper in sorted(unique, key=lambda p: (base_keys[p.id], p.id)):
        own = (pinned or {}).get(paper.id) or _own_key(paper)
        doi, arxiv = _doi(paper), _arxiv(paper)
        found = _find(index, own, doi, arxiv, paper.title)
        if found is not None:
            report.keys[paper.id], report.reasons[paper.id] = found
            report.already_there += 1
            continue
        key = own or base_keys[paper.id]
        if key.casefold() in index.keys:
            key = _next_free(key, index, taken_by_others)
        index.add(key, doi, arxiv, paper.title)
        report.keys[paper.id] = key
        new.append((key, paper))
    report.added = len(new)
    if not new:
        return report  # nothing to add: the file is not even rewritten
    addition = "".join(
        ("\n" if i or text.strip() else "")
        + bibtex.format_entry(make_entry(paper, key, abstract=abstract))
        for i, (key, paper) in enumerate(new)
    )
    _write(real, data, _appended(text, addition), encoding, [k for k, _ in new])
    return report


def _decode(data: bytes, shown: Path) -> tuple[str, str]:
    """The file's text and the encoding its new entries must be written in."""
    if b"\x00" in data:
        raise IntoError(f"{shown} is not a text file (it holds NUL bytes); it was not changed")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # An 8-bit .bib (Latin-1 was common before biber): new entries go in the same encoding.
        return data.decode("latin-1"), "latin-1"


_ENTRY_HEAD_RE = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def _check_readable(bib: BibFile, text: str, shown: Path) -> None:
    """Refuse a file bibtex would stumble over, or one that is not a bibliography at all."""
    if bib.failed:
        raise IntoError(
            f"{shown} is not valid BibTeX ({bib.failed[0]}); fix it first, it was not changed"
        )
    has_blocks = bib.entries or bib.strings or _ENTRY_HEAD_RE.search(text)
    prose = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("%")]
    if not has_blocks and prose:
        raise IntoError(f"{shown} does not look like a .bib file (no entry in it); not changed")


def _own_key(paper: LibraryPaper) -> str | None:
    """The key of the .bib entry the paper was imported from, if any."""
    for source in paper.sources:
        if key := source.record.get("key"):
            return str(key)
    return None


def _doi(paper: LibraryPaper) -> str | None:
    for source in paper.sources:
        if doi := source.record.get("doi"):
            return str(doi)
    return None


def _arxiv(paper: LibraryPaper) -> str | None:
    for source in paper.sources:
        if arxiv := source.record.get("arxiv_id"):
            return str(arxiv)
    return link_arxiv_id(paper)


def _find(
    index: _Index, own: str | None, doi: str | None, arxiv: str | None, title: str | None
) -> tuple[str, str] | None:
    """(the file's key, why) when the file already holds the paper."""
    if own and (key := index.keys.get(own.casefold())):
        return key, "same key"
    if doi and (key := index.dois.get(doi.casefold())):
        return key, "same DOI"
    if arxiv and (key := index.arxiv.get(arxiv.casefold())):
        return key, "same arXiv id"
    if title and (key := index.titles.get(title_key(title))):
        return key, "same title"
    return None


def _next_free(key: str, index: _Index, taken: set[str]) -> str:
    """``key`` + b, c, … z, aa…: the first that neither the file nor the library uses."""
    n = 1
    while (
        candidate := key + _letters(n)
    ).casefold() in index.keys or candidate.casefold() in taken:
        n += 1
    return candidate


def _appended(text: str, addition: str) -> str:
    """What goes after the file's last byte: the new entries, in the file's line endings."""
    newline = "\r\n" if "\r\n" in text else "\n"
    if newline != "\n":
        addition = addition.replace("\n", newline)
    sep = "" if not text or text.endswith(("\n", "\r")) else newline
    return sep + addition


def _write(real: Path, old: bytes, addition: str, encoding: str, keys: list[str]) -> None:
    """The old bytes untouched, the addition after them; atomic, mode and owner kept."""
    try:
        extra = addition.encode(encoding)
    except UnicodeEncodeError as exc:
        raise IntoError(
            f"{real} is Latin-1 and a new entry holds {exc.object[exc.start]!r}, which "
            "Latin-1 cannot; convert the file to UTF-8 first. It was not changed"
        ) from exc
    combined = old + extra
    check = read(combined.decode("utf-8-sig" if encoding == "utf-8" else encoding))
    missing = [k for k in keys if k not in check.keys]
    if check.failed or missing:  # never write a file bibtex could not read
        raise IntoError(
            f"the new entries would not read back ({check.failed or missing}); "
            f"{real} was not changed"
        )
    # the store's atomic write: temp file with the file's mode and owner, fsync, rename
    atomic_write_bytes(real, combined, backup=False, stat=real.stat() if real.exists() else None)


__all__ = ["IntoError", "IntoReport", "add_into"]
