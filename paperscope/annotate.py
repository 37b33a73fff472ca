"""Use case: the user's layer — status, tags, notes, corrections, keys — removal,
undo/redo and what is new. Both front ends call these; each change is one write
through the library's one door, with its history entry (see ``library.living``).

Papers are named by their id (as ``list``/``search --json`` print it) or by their
citation key. Every refusal is an ``AnnotateError``: one line naming what is wrong.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .export.keys import citation_keys
from .paths import seed_files, seeds_dir
from .records import CORRECTABLE, STATUSES, LibraryPaper, UserLayer
from .store import Library, LibraryError
from .store import source_values as _source_values

SAMPLES = "samples"  # the name of the bundled sample pages for ``remove --source``
MAX_TAG = 40
# What BibTeX and biber take in a key: no spaces, braces, commas, quotes, # % ~ \ =.
_KEY_RE = re.compile(r"[^\s{}(),\"'#%~\\=]+")
_TAG_RE = re.compile(r"[^\s,]+")


class AnnotateError(LibraryError):
    """The change cannot be made (one line); nothing was written."""


# -- naming papers ------------------------------------------------------------------------


def library_keys(lib: Library) -> dict[str, str]:
    """Every paper's citation key (pinned ones as they are), unique over the library."""
    return citation_keys(lib.papers())


def find_paper(lib: Library, ref: str, keys: dict[str, str] | None = None) -> LibraryPaper:
    """The paper with this id or citation key."""
    paper = lib.get(ref)
    if paper is not None:
        return paper
    keys = library_keys(lib) if keys is None else keys
    for pid, key in keys.items():
        if key == ref:
            found = lib.get(pid)
            if found is not None:
                return found
    raise AnnotateError(f"no paper {ref!r} in the library (give an id from `list` or a key)")


def find_papers(lib: Library, refs: Iterable[str]) -> list[LibraryPaper]:
    refs = list(refs)
    keys = None if all(lib.get(r) is not None for r in refs) else library_keys(lib)
    return list({p.id: p for p in (find_paper(lib, r, keys) for r in refs)}.values())


def _count(n: int) -> str:
    return f"{n} paper{'s' if n != 1 else ''}"


# -- status, tags, notes ------------------------------------------------------------------


def set_status(lib: Library, refs: Iterable[str], status: str | None) -> int:
    """Set the reading status (``to-read``, ``reading``, ``read``; None clears it)."""
    if status is not None and status not in STATUSES:
        raise AnnotateError(f"status {status!r} is not one of {', '.join(STATUSES)} or none")
    papers = find_papers(lib, refs)
    what = f"status {status or 'none'} on {_count(len(papers))}"
    return lib.change_layers(
        [p.id for p in papers], lambda p: replace(p.layer, status=status), what
    )


def check_tag(tag: str) -> str:
    tag = tag.strip()
    if not tag or not _TAG_RE.fullmatch(tag):
        raise AnnotateError(f"tag {tag!r} must be one word (no spaces or commas)")
    if len(tag) > MAX_TAG:
        raise AnnotateError(f"tag {tag[:20]!r}… is longer than {MAX_TAG} characters")
    return tag


def tag(
    lib: Library, refs: Iterable[str], add: Iterable[str] = (), drop: Iterable[str] = ()
) -> int:
    """Add and remove tags (tags are kept in the order they were added)."""
    plus = [check_tag(t) for t in add]
    minus = {check_tag(t) for t in drop}
    if not plus and not minus:
        raise AnnotateError("say which tags: +NAME to add, -NAME to remove")
    papers = find_papers(lib, refs)

    def change(p: LibraryPaper) -> UserLayer:
        tags = [t for t in p.layer.tags if t not in minus]
        tags += [t for t in dict.fromkeys(plus) if t not in tags]
        return replace(p.layer, tags=tuple(tags))

    words = " ".join([*(f"+{t}" for t in plus), *(f"-{t}" for t in sorted(minus))])
    return lib.change_layers(
        [p.id for p in papers], change, f"tag {words} on {_count(len(papers))}"
    )


def set_note(lib: Library, ref: str, text: str | None) -> bool:
    """Set the paper's note (multi-line text; empty or None removes it)."""
    paper = find_paper(lib, ref)
    note = text if text and text.strip() else None
    what = f"{'note on' if note else 'remove the note of'} {paper.id}"
    return bool(lib.change_layers([paper.id], lambda p: replace(p.layer, note=note), what))


# -- corrections --------------------------------------------------------------------------


def parse_authors(text: str) -> list[str]:
    """``"A. Name; B. Other"`` -> the list (a semicolon separates: names hold commas)."""
    return [a.strip() for a in text.split(";") if a.strip()]


def edit(lib: Library, ref: str, **fields: Any) -> bool:
    """Correct a paper's title, authors (a list), year or venue. A value of None
    leaves a field as it is; ``""`` (or ``[]``) gives it back to the sources."""
    paper = find_paper(lib, ref)
    fixes: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in CORRECTABLE:
            raise AnnotateError(f"{name} cannot be corrected (only {', '.join(CORRECTABLE)})")
        if value is None:
            continue
        if name == "year" and value not in ("", 0):
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise AnnotateError(f"year {value!r} is not a year") from None
            if not 1000 <= value <= 2999:
                raise AnnotateError(f"year {value} is not a year")
        if name == "title" and isinstance(value, str):
            value = " ".join(value.split())
        if name == "authors" and isinstance(value, str):
            value = parse_authors(value)
        fixes[name] = value
    if not fixes:
        raise AnnotateError("say what to correct: --title, --authors, --year or --venue")
    return _correct(lib, paper, fixes)


def _correct(lib: Library, paper: LibraryPaper, fixes: dict[str, Any]) -> bool:
    sources = _source_values(paper)

    def change(p: LibraryPaper) -> UserLayer:
        corrections = dict(p.layer.corrections)
        for name, value in fixes.items():
            # empty, or what the sources say anyway: no correction (the sources' value)
            if value in ("", [], 0) or value == sources.get(name):
                corrections.pop(name, None)
            else:
                corrections[name] = value
        return replace(p.layer, corrections=corrections)

    return bool(lib.change_layers([paper.id], change, f"edit {', '.join(fixes)} of {paper.id}"))


def split_choices(paper: LibraryPaper) -> list[dict[str, Any]]:
    """The other title/author readings the feed parser offered for an uncertain split
    (``split_alternatives`` of the sources' records), each with ``title`` and ``authors``."""
    choices: list[dict[str, Any]] = []
    for source in paper.sources:
        if not source.record.get("split_uncertain"):
            continue
        for alt in source.record.get("split_alternatives") or ():
            if isinstance(alt, dict) and isinstance(alt.get("title"), str):
                authors = alt.get("authors")
                if not isinstance(authors, list):
                    first = alt.get("first_author") or alt.get("author")
                    rest = source.record.get("authors") or []
                    authors = [first, *rest[1:]] if isinstance(first, str) else list(rest)
                choice = {"title": alt["title"], "authors": [str(a) for a in authors]}
                if choice not in choices:
                    choices.append(choice)
    return choices


def choose_split(lib: Library, ref: str, n: int) -> bool:
    """Take the ``n``-th (0-based) of ``split_choices``: its title and authors."""
    paper = find_paper(lib, ref)
    choices = split_choices(paper)
    if not 0 <= n < len(choices):
        raise AnnotateError(f"{paper.id} has {len(choices)} other reading(s) of its title line")
    return _correct(lib, paper, dict(choices[n]))


def source_values(paper: LibraryPaper) -> dict[str, Any]:
    """What the sources say for the fields the user corrected (shown on request)."""
    values = _source_values(paper)
    return {name: values.get(name) for name in paper.corrected}


# -- keys ---------------------------------------------------------------------------------


def set_key(lib: Library, ref: str, key: str) -> bool:
    """Pin ``key`` as the paper's citation key; one another paper has is refused."""
    key = key.strip()
    if not _KEY_RE.fullmatch(key) or len(key) > 100:
        raise AnnotateError(f"{key!r} is not a citation key (no spaces, braces, commas or quotes)")
    keys = library_keys(lib)
    paper = find_paper(lib, ref, keys)
    for pid, other in keys.items():
        if other.casefold() == key.casefold() and pid != paper.id:
            owner = lib.get(pid)
            title = owner.title[:60] if owner else ""
            raise AnnotateError(f"the key {key} is taken by {pid} ({title})")
    what = f"key {key} for {paper.id}"
    change = lambda p: replace(p.layer, key=key)  # noqa: E731
    return bool(lib.change_layers([paper.id], change, what, keys=True))


def pin_exported(lib: Library, keys: dict[str, str]) -> int:
    """Pin the keys of papers that just left the app (an export, a copied key): from
    now on they never change. Those pinned already keep theirs."""
    todo = {pid: k for pid, k in keys.items() if (p := lib.get(pid)) and not p.layer.key}
    return lib.pin_keys(todo) if todo else 0


# -- removal ------------------------------------------------------------------------------


def remove(lib: Library, refs: Iterable[str]) -> int:
    papers = find_papers(lib, refs)
    return lib.remove_papers([p.id for p in papers])


def _sample_hashes() -> set[str]:
    return {hashlib.sha256(f.read_bytes()).hexdigest() for f in seed_files()}


def remove_source(lib: Library, name: str) -> tuple[int, int]:
    """Remove what one page brought (a file path, a file name, or ``samples``: the
    bundled sample pages). Returns (papers removed, papers that kept another sighting)."""
    lib.ensure_loaded()
    if name == SAMPLES:
        folder = seeds_dir()
        hashes = _sample_hashes()
        root = os.path.realpath(folder) if folder else None
        shas = {s.file: s.sha256 for p in lib.papers() for s in p.sources}

        def matches(file: str, page: str) -> bool:
            in_folder = root is not None and os.path.realpath(file).startswith(root + os.sep)
            return in_folder or shas.get(file) in hashes

    else:
        wanted = os.path.realpath(Path(name).expanduser())
        base = name.replace("\\", "/").rsplit("/", 1)[-1]

        def matches(file: str, page: str) -> bool:
            return (
                file == name
                or os.path.realpath(file) == wanted
                or file.replace("\\", "/").rsplit("/", 1)[-1] == base
                or page == name
            )

    gone, kept = lib.remove_source(matches, name)
    if not gone and not kept:
        raise AnnotateError(f"no paper came from {name!r} (see `paperscope show ID` for sources)")
    return gone, kept


def sample_files(lib: Library) -> set[str]:
    """The source files of the library that are bundled sample pages (what
    ``remove_source(lib, SAMPLES)`` removes), for a front end to say so."""
    folder = seeds_dir()
    root = os.path.realpath(folder) if folder else None
    hashes = _sample_hashes()
    return {
        s.file
        for p in lib.papers()
        for s in p.sources
        if s.sha256 in hashes
        or (root is not None and os.path.realpath(s.file).startswith(root + os.sep))
    }


SAMPLES_LINE = "these are bundled sample pages: `paperscope remove --source samples` removes them"


# -- undo, history, what's new ------------------------------------------------------------


def undo(lib: Library) -> str:
    return lib.undo()


def redo(lib: Library) -> str:
    return lib.redo()


def history_lines(lib: Library) -> list[str]:
    """One line per change kept, newest last: number, time, what (``undone`` marked)."""
    lines = []
    for entry, in_effect in lib.history():
        mark = "" if in_effect else "  (undone)"
        if entry.get("undoable") is False:
            mark += "  (too large to undo)"
        lines.append(f"{entry['n']:>4}  {entry['at']}  {entry['what']}{mark}")
    return lines


def new_papers(lib: Library) -> list[LibraryPaper]:
    """What the last import added (its papers share the import's stamp)."""
    papers = lib.papers()
    last = max((p.added_at for p in papers), default="")
    return [p for p in papers if last and p.added_at == last]


# -- everything about a paper -------------------------------------------------------------


def describe(lib: Library, paper: LibraryPaper, key: str | None = None) -> dict[str, Any]:
    """Everything about a paper, for ``show`` (JSON) and the app's reader."""
    layer = paper.layer
    return {
        "id": paper.id,
        "key": key or library_keys(lib).get(paper.id),
        "key_pinned": bool(layer.key),
        **paper.view(),
        "marked": paper.marked,
        "status": layer.status,
        "tags": list(layer.tags),
        "note": layer.note,
        "corrected": list(paper.corrected),
        "source_values": source_values(paper),
        "split_choices": split_choices(paper),
        "added_at": paper.added_at,
        "sources": [
            {
                "file": s.file,
                "format": s.format,
                "subject": s.subject,
                "position": s.position,
                "imported_at": s.imported_at,
                **({"key": s.record["key"]} if s.record.get("key") else {}),
            }
            for s in paper.sources
        ],
    }
