"""Merging a parsed page into the library: the indexes that find a paper's record,
and the merge itself (in memory; the library writes what it changed).

The rules for "same paper" and for the merged view are in ``merge``; this
module applies them to a library of many papers fast: exact title keys first,
then fuzzy matching inside small blocks of titles that share their first or
last words and their numbers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process

from parsers.base import title_key
from parsers.known_names import KnownNames
from parsers.record import OPTIONAL_FIELDS, Paper, ParseResult

from ..records import VIEW_FIELDS, LibraryPaper, Source, UserLayer, apply_corrections
from .converters import paper_to_doc
from .merge import FUZZY_TITLE, build_view, same_paper, title_numbers

if TYPE_CHECKING:
    from ..imports import FileReport


class MergeIndex:
    """Title keys, fuzzy-title blocks, author name keys and page hashes of a library."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[str]] = {}
        # block -> {paper id: the title key it is in the block by} (see _blocks)
        self.blocks: dict[tuple[str, str, str], dict[str, str]] = {}
        self.names = KnownNames()
        self.page_hashes: set[str] = set()

    def rebuild(self, papers: Iterable[LibraryPaper]) -> None:
        self.by_key = {}
        self.blocks = {}
        names: set[str] = set()  # as written: one key per distinct name, not per listing
        hashes: set[str] = set()
        memo = TitleKeys()
        for paper in papers:
            self._add_titles(paper, memo)
            names.update(paper.authors)
            hashes.update([s.sha256 for s in paper.sources])
        self.names = KnownNames(names)
        self.page_hashes = hashes

    def add(self, paper: LibraryPaper, memo: TitleKeys | None = None) -> None:
        self._add_titles(paper, memo or TitleKeys())
        self.names.add(paper.authors)
        self.page_hashes.update(s.sha256 for s in paper.sources)

    def _add_titles(self, paper: LibraryPaper, memo: TitleKeys) -> None:
        # A dict, not a set: the order decides which key a paper is in a block by, and
        # a set's order changes with PYTHONHASHSEED (the same import, another library).
        keys = {memo.key(paper.title): None}
        for s in paper.sources:
            other = s.record.get("title") or ""
            if other != paper.title:
                keys.setdefault(memo.key(other), None)
        for key in keys:
            if key:
                self.by_key.setdefault(key, []).append(paper.id)
                for block in memo.blocks(key):
                    self.blocks.setdefault(block, {})[paper.id] = key

    def name_lookup(self) -> Callable[[str], bool]:
        """Whether a name is an author's in the library (any spelling with its key):
        the parsers ask it for every place a name could start on a feed line, and
        ask ``may_start`` first (see ``parsers.known_names``)."""
        return self.names

    def find(
        self, record: dict[str, Any], papers: dict[str, LibraryPaper], memo: TitleKeys | None = None
    ) -> LibraryPaper | None:
        memo = memo or TitleKeys()
        key = memo.key(record["title"])
        for pid in self.by_key.get(key, ()):
            paper = papers[pid]
            if any(same_paper(view, record, key, key) for view in _views(paper)):
                return paper
        # Score each block's titles in C first; check the guards only on close ones,
        # best score first (ties: by id, so the result does not depend on dict order).
        close: dict[str, tuple[float, str]] = {}
        for block in memo.blocks(key):
            members = self.blocks.get(block)
            if not members:
                continue
            for other_key, score, pid in process.extract(
                key, members, scorer=fuzz.ratio, score_cutoff=FUZZY_TITLE, limit=None
            ):
                close[pid] = (score, other_key)
        for pid in sorted(close, key=lambda p: (-close[p][0], p)):
            paper = papers[pid]
            if any(same_paper(view, record, close[pid][1], key) for view in _views(paper)):
                return paper
        return None


class TitleKeys:
    """``title_key`` and ``_blocks`` of the titles one merge sees, each worked out once:
    a page's title is keyed to find its paper, again for a new paper's id and again to
    index it (a regex pass each time). Both are pure functions of the text, so the memo
    is always right; it lives as long as one page's merge."""

    __slots__ = ("_blocks", "_keys")

    def __init__(self) -> None:
        self._keys: dict[str, str] = {}
        self._blocks: dict[str, list[tuple[str, str, str]]] = {}

    def key(self, title: str) -> str:
        key = self._keys.get(title)
        if key is None:
            key = self._keys[title] = title_key(title)
        return key

    def blocks(self, key: str) -> list[tuple[str, str, str]]:
        blocks = self._blocks.get(key)
        if blocks is None:
            blocks = self._blocks[key] = _blocks(key)
        return blocks


def _views(paper: LibraryPaper) -> list[dict[str, Any]]:
    """What a sighting is matched against: the paper as shown and, when the user
    corrected it, as its sources say (a re-import of the page with the misspelt title or
    the wrong year is the same paper, never a second one)."""
    if paper.user is None or not paper.user.corrections:
        return [paper.view()]
    return [paper.view(), build_view([s.record for s in paper.sources])]


def now() -> str:
    """The library's stamp (``added_at``, history entries): UTC to the second, ISO, ``Z``;
    compared as strings, so every stamp of that kind is made here."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def merge_page(
    papers: dict[str, LibraryPaper],
    index: MergeIndex,
    result: ParseResult,
    page: str,
    file: str,
    sha: str,
    report: FileReport,
    changed: dict[str, LibraryPaper],
    saved: str | None = None,
    stamp: str | None = None,
    before: dict[str, Any] | None = None,
) -> None:
    """Merge a parsed page (identity ``page``, see ``imports.page_key``) into ``papers``
    and the index, counting in ``report``; every paper touched goes into ``changed``.

    ``saved`` is the day the page was saved; with the page's own date it tells
    by when each paper existed. ``stamp`` is the import's (every page of one import
    shares it: it is the batch ``is:new`` finds).

    A bibliography's entry key becomes the paper's pinned key when no other paper
    holds it (the manuscript's ``\\cite{}`` keeps working).

    ``before`` gets the document of each paper as it was before this merge, or None
    for a new one; the documents share the papers' values (detach them, as the
    history entry does, before anything changes a paper in place).
    """
    stamp = stamp or now()
    if before is None:
        before = {}  # what undo needs: each paper's document before this page touched it
    fresh: set[int] = set()  # sources added by this page: one page may list a work twice
    pinned: set[str] | None = None
    memo = TitleKeys()
    seen = result.header.get("page_date") or saved
    subject = result.header.get("subject")
    for position, paper in enumerate(result.papers, start=1):
        record = _record(paper)
        source = Source(
            file=file,
            sha256=sha,
            format=result.format or "",
            subject=subject,
            page_key=page,
            position=position,
            imported_at=stamp,
            record=record,
            seen=seen,
        )
        target = index.find(record, papers, memo)
        if target is None:
            target = LibraryPaper(
                id=_new_id(papers, memo.key(record["title"])), title=record["title"]
            )
            target.added_at = stamp
            target.sources.append(source)
            papers[target.id] = target
            before.setdefault(target.id, None)
            report.new += 1
            report.new_titles.append(record["title"])
        else:
            same_page = [s for s in target.sources if s.page_key == page and id(s) not in fresh]
            if same_page and any(_same_record(s.record, record) for s in same_page):
                for s in same_page:  # newer save of the same page: refresh provenance
                    s.sha256, s.file, s.position = sha, file, position
                    s.seen = min(filter(None, (s.seen, seen)), default=None)
                report.unchanged += 1
                changed[target.id] = target
                index.page_hashes.add(sha)
                continue
            if target.id not in before:
                # Not a deep copy: the document shares the paper's lists and the sources'
                # records, which a merge never changes in place (it rebinds the paper's
                # fields and list of sources), and the history entry made from ``before``
                # right after the merge is detached whole (``history.make_entry``): one
                # copy of the entry instead of one per paper and then the entry's own.
                before[target.id] = paper_to_doc(target)
            if same_page:
                old = {id(s) for s in same_page}
                target.sources = [s for s in target.sources if id(s) not in old]
                report.updated += 1
            else:
                report.merged += 1
            target.sources.append(source)
        fresh.add(id(source))
        if (bib_key := record.get("key")) and not target.layer.key:
            if pinned is None:
                pinned = {p.user.key for p in papers.values() if p.user and p.user.key}
            if bib_key not in pinned:
                target.user = _with_key(target.user, bib_key)
                pinned.add(bib_key)
        _apply_view(target)
        index.add(target, memo)
        changed[target.id] = target


def _with_key(layer: UserLayer | None, key: str) -> UserLayer:
    from dataclasses import replace

    return replace(layer, key=key) if layer else UserLayer(key=key)


def _apply_view(paper: LibraryPaper) -> None:
    apply_corrections(paper, build_view([s.record for s in paper.sources]))


def _new_id(papers: dict[str, LibraryPaper], key: str) -> str:
    """A new paper's id, from its title's key."""
    base = "p" + hashlib.sha1(key.encode()).hexdigest()[:10]
    pid, n = base, 2
    while pid in papers:
        pid, n = f"{base}-{n}", n + 1
    return pid


_PLAIN = (str, int, float, bool, type(None))


def _record(paper: Paper) -> dict[str, Any]:
    """``paper.to_dict()`` (``dataclasses.asdict``) without its recursive deep copy:
    the fields are plain values and lists of strings, copied as such."""
    record = {name: getattr(paper, name) for name in VIEW_FIELDS}
    for name in OPTIONAL_FIELDS:  # what only some formats say (a .bib's key, DOI…)
        value = getattr(paper, name)
        if value is not None and value is not False:
            record[name] = value
    for name, value in record.items():
        if type(value) is list and all(type(v) is str for v in value):
            record[name] = list(value)
        elif not isinstance(value, _PLAIN):
            return paper.to_dict()
    return record


def _same_record(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in VIEW_FIELDS)


def _blocks(key: str) -> list[tuple[str, str, str]]:
    """Candidate blocks for fuzzy title matching: first or last three words, same numbers.

    Titles whose numbers differ ("Part 2"/"Part 3", "YOLOv4"/"YOLOv5") are never
    the same paper, so they need not even be compared.
    """
    words = key.split()
    if not words:
        return []
    nums = " ".join(title_numbers(key))
    return [("head", " ".join(words[:3]), nums), ("tail", " ".join(words[-3:]), nums)]
