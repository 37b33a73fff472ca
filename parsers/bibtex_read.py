"""Reading a .bib's text with bibtexparser v2: blocks, ``#`` concatenation, crossref.

Apart from ``parsers.bibtex`` so that telling a page's format -- which every
imported page goes through -- does not import bibtexparser and pylatexenc
(some 40 ms of CPU on each run); they are imported when a .bib is read.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser.library import Library
from bibtexparser.middlewares import LibraryMiddleware, RemoveEnclosingMiddleware
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)

from .bibfields import to_paper
from .record import Paper

# bibtexparser logs each block it cannot read; here those come back as warnings
# (data), and a log line on stderr would only scribble over the terminal app.
_LOG = logging.getLogger("bibtexparser")
_LOG.addHandler(logging.NullHandler())
_LOG.propagate = False

# Kinds of volume a crossref points at: the container of papers, not a paper itself.
_VOLUME_TYPES = frozenset(
    "proceedings mvproceedings collection mvcollection book mvbook periodical".split()
)
# BibTeX predefines the month macros (plain.bst prints the full name).
_MONTH_MACROS = {
    m[:3]: m
    for m in "january february march april may june july august september october november "
    "december".split()
}


@dataclass(slots=True)
class BibFile:
    """What a .bib holds: its papers, every key it uses, and what could not be read."""

    papers: list[Paper] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # every entry key, volumes and repeats too
    entries: int = 0  # entry blocks read (repeats included, volumes included)
    strings: int = 0
    parents: list[str] = field(default_factory=list)  # crossref volumes, not papers
    failed: list[str] = field(default_factory=list)  # blocks that are not BibTeX
    warnings: list[str] = field(default_factory=list)


def read(text: str) -> BibFile:
    """Read a .bib's text; nothing raises on bad input, problems are warnings."""
    text = text.removeprefix("\ufeff")
    resolver = _ResolveValues()
    library = bibtexparser.parse_string(text, parse_stack=[resolver, RemoveEnclosingMiddleware()])
    out = BibFile(strings=len(library.strings))
    for key, name in resolver.undefined:
        out.warnings.append(
            f"entry {key!r}: the macro {name!r} is not defined in the file; kept as its name"
        )
    entries: list[tuple[Entry, str | None]] = [(e, None) for e in library.entries]
    for block in library.failed_blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            repeat = _prepared(block.ignore_error_block, library)
            why = f"repeats the key of an earlier entry; imported without that key (line {line})"
            entries.append((repeat, why))
        elif isinstance(block, DuplicateFieldKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            entries.append((_prepared(block.ignore_error_block, library), None))
            out.warnings.append(
                f"entry {block.ignore_error_block.key!r} (line {line}) repeats a field; "
                "the first value was kept, as bibtex does"
            )
        elif isinstance(block, ParsingFailedBlock):
            message = f"line {line}: entry {_head_key(block.raw)!r} could not be read"
            reason = getattr(block.error, "abort_reason", None) or str(block.error)
            reason = " ".join(reason.split()).rstrip(". ") or "syntax error"
            out.failed.append(message)
            out.warnings.append(f"{message}: {reason}; skipped")
        elif isinstance(block, MiddlewareErrorBlock):
            out.warnings.append(f"line {line}: {block.error}; skipped")
    entries.sort(key=lambda pair: pair[0].start_line or 0)
    out.entries = len(entries)
    fields = {id(e): _field_dict(e) for e, _ in entries}
    by_key = {e.key.casefold(): e for e, note in entries if note is None and e.key}
    targets = _inherit(entries, fields, by_key, out)
    for entry, note in entries:
        out.keys.append(entry.key)
        kind = entry.entry_type.lower()
        if entry.key.casefold() in targets and kind in _VOLUME_TYPES and note is None:
            out.parents.append(entry.key)
            continue
        problems: list[str] = []
        paper = to_paper(entry.key or "", kind, fields[id(entry)], problems)
        if paper is not None:
            if note is not None or not entry.key:
                paper.key = None
            out.papers.append(paper)
        line = (entry.start_line or 0) + 1
        for problem in ([note] if note else []) + problems:
            out.warnings.append(f"entry {entry.key!r} (line {line}): {problem}")
    return out


def _field_dict(entry: Entry) -> dict[str, str]:
    """Field name (lower case) -> value; the first of a repeated field wins, as in bibtex."""
    out: dict[str, str] = {}
    for f in entry.fields:
        name = f.key.strip().lower()
        if name not in out:
            out[name] = f.value if isinstance(f.value, str) else str(f.value)
    return out


def _inherit(
    entries: list[tuple[Entry, str | None]],
    fields: dict[int, dict[str, str]],
    by_key: dict[str, Entry],
    out: BibFile,
) -> set[str]:
    """Fill each crossref child's missing fields from its parent; returns the parents' keys.

    Like biber, the parent's ``title`` becomes the child's ``booktitle`` when it has none.
    """
    targets: set[str] = set()
    for entry, _ in entries:
        own = fields[id(entry)]
        ref = own.get("crossref", "").strip()
        if not ref:
            continue
        parent = by_key.get(ref.casefold())
        if parent is None or parent is entry:
            line = (entry.start_line or 0) + 1
            out.warnings.append(
                f"entry {entry.key!r} (line {line}): its crossref {ref!r} is not in the file; "
                "nothing was inherited"
            )
            continue
        targets.add(ref.casefold())
        inherited = fields[id(parent)]
        for name, value in inherited.items():
            if name not in ("title", "crossref", "key", "ids"):
                own.setdefault(name, value)
        if "title" in inherited:
            own.setdefault("booktitle", inherited["title"])
    return targets


def _prepared(entry: Entry, library: Library) -> Entry:
    """An entry bibtexparser set aside, run through the same middlewares as the others."""
    macros = {s.key.lower(): s.value for s in library.strings if isinstance(s.value, str)}
    mini = _ResolveValues(macros).transform(Library([entry]))
    mini = RemoveEnclosingMiddleware().transform(mini)
    return mini.entries[0] if mini.entries else entry


_HEAD_KEY_RE = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()]*)")


def _head_key(raw: str | None) -> str:
    m = _HEAD_KEY_RE.match(raw or "")
    return m[1] if m and m[1] else "?"


class _ResolveValues(LibraryMiddleware):
    """``@string`` macros, month macros and ``#`` concatenation, in file order.

    bibtexparser v2 replaces a value that is one macro name only; ``nips # " 30"``
    and macros defined from other macros are resolved here. Every value comes out
    braced, so ``RemoveEnclosingMiddleware`` treats them all alike.
    """

    def __init__(self, macros: dict[str, str] | None = None) -> None:
        super().__init__(allow_inplace_modification=True)
        self._macros = {**_MONTH_MACROS, **(macros or {})}
        self.undefined: list[tuple[str, str]] = []  # (entry key, macro name)

    @classmethod
    def metadata_key(cls) -> str:
        return "paperscope_resolve_values"

    def transform(self, library: Library) -> Library:
        macros = dict(self._macros)
        for string in library.strings:
            if isinstance(string.value, str):
                resolved = _resolve(string.value, macros)
                string.value = resolved
                macros[string.key.lower()] = resolved[1:-1]
        for entry in library.entries:
            missing: list[str] = []
            for f in entry.fields:
                if isinstance(f.value, str):
                    f.value = _resolve(f.value, macros, missing)
            self.undefined += [(entry.key, name) for name in missing]
        return library


def _resolve(raw: str, macros: dict[str, str], missing: list[str] | None = None) -> str:
    value = raw.strip()
    pieces = []
    for piece in _split_concatenation(value) if "#" in value else [value]:
        if piece[:1] == "{" and piece[-1:] == "}" or piece[:1] == '"' and piece[-1:] == '"':
            if "#" not in value:
                return value
            pieces.append(piece[1:-1])
        elif piece.isdigit() or not piece:
            pieces.append(piece)
        elif (known := macros.get(piece.lower())) is not None:
            pieces.append(known)
        else:
            # bibtex would print nothing; the name is what the user meant to see
            pieces.append(piece)
            if missing is not None:
                missing.append(piece)
    return "{" + "".join(pieces) + "}"


def _split_concatenation(value: str) -> list[str]:
    """``a # {b # c} # "d"`` -> ``a``, ``{b # c}``, ``"d"``: ``#`` only at the top level."""
    pieces, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(value):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            pieces.append(value[start:i].strip())
            start = i + 1
    pieces.append(value[start:].strip())
    return [p for p in pieces if p]
